// Command mcpserver is a small MCP server on stdio for the mcp-proxy tests,
// written with the official Go SDK: echo returns its text, remove and
// write only say what they would do. $DEMO_ECHO_DESCRIPTION sets echo's
// description, so a test can change it between runs.
package main

import (
	"context"
	"log"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

type textArgs struct {
	Text string `json:"text"`
}

func main() {
	s := mcp.NewServer(&mcp.Implementation{Name: "demo", Version: "1"}, nil)
	desc := os.Getenv("DEMO_ECHO_DESCRIPTION")
	if desc == "" {
		desc = "Echo the text back."
	}
	say := func(prefix string) mcp.ToolHandlerFor[textArgs, any] {
		return func(_ context.Context, _ *mcp.CallToolRequest, a textArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: prefix + a.Text}}}, nil, nil
		}
	}
	mcp.AddTool(s, &mcp.Tool{Name: "echo", Description: desc}, say(""))
	mcp.AddTool(s, &mcp.Tool{Name: "remove", Description: "Remove a file."}, say("removed "))
	mcp.AddTool(s, &mcp.Tool{Name: "write", Description: "Write a file."}, say("wrote "))
	if err := s.Run(context.Background(), &mcp.StdioTransport{}); err != nil {
		log.Fatal(err)
	}
}
