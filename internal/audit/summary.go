package audit

import "encoding/json"

// Summary is the one-line description of a call in the audit log: the
// command for Bash, else the first path involved, else the URL, else the
// tool. input is the tool's input in Claude Code's field names.
func Summary(tool string, input json.RawMessage, paths []string) string {
	var in struct {
		Command string `json:"command"`
		URL     string `json:"url"`
	}
	_ = json.Unmarshal(input, &in) // best effort: the input was already decided on
	switch {
	case tool == "Bash" && in.Command != "":
		return in.Command
	case len(paths) > 0:
		return paths[0]
	case in.URL != "":
		return in.URL
	}
	return tool
}
