package main

import "github.com/gatehouse/gatehouse/internal/hook"

func init() {
	subcommands["hook"] = subcommand{
		summary: "decide one tool call of Claude Code, Copilot, Cursor, Codex, Gemini CLI or Cline (its hook JSON on stdin)",
		run:     hook.Main,
	}
}
