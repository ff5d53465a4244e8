package hook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/hook"
)

// seeds returns every recorded payload and every broken input.
func seeds(f *testing.F) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob(filepath.Join(testdata, "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			out = append(out, data)
		}
	}
	data, err := os.ReadFile(filepath.Join(testdata, "broken.tsv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if in, err := strconv.Unquote(strings.SplitN(line, "\t", 2)[0]); err == nil {
			out = append(out, []byte(in))
		}
	}
	return out
}

func FuzzParsePayload(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := hook.ParsePayload(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "hook input: ") {
				t.Errorf("error %q does not say it is about the hook input", err)
			}
			return
		}
		if p.HookEventName != hook.EventPreToolUse || p.ToolName == "" {
			t.Errorf("accepted %+v", p)
		}
		var in map[string]json.RawMessage
		if err := json.Unmarshal(p.ToolInput, &in); err != nil {
			t.Errorf("accepted tool_input %q that is not an object: %v", p.ToolInput, err)
		}
	})
}

// FuzzRun checks the one property Claude Code relies on: whatever arrives on
// stdin, the hook exits 0 with one valid decision or 2 with one line on
// stderr, and never anything else.
func FuzzRun(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	home := f.TempDir()
	project := filepath.Join(home, "proj")
	if err := os.MkdirAll(filepath.Join(project, ".claude"), 0o755); err != nil {
		f.Fatal(err)
	}
	settings, err := os.ReadFile(filepath.Join(testdata, "settings.json"))
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, ".claude", "settings.json"), settings, 0o644); err != nil {
		f.Fatal(err)
	}
	env := hook.Env{ProjectDir: project, Home: home, ManagedDirs: []string{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.ReplaceAll(data, []byte(recordedHome), []byte(home))
		var out, errb bytes.Buffer
		code := hook.Run(context.Background(), env, bytes.NewReader(data), &out, &errb, nil)
		switch code {
		case 0:
			var o hookOutput
			if err := json.Unmarshal(out.Bytes(), &o); err != nil {
				t.Fatalf("exit 0 with stdout %q: %v", out.String(), err)
			}
			switch o.HookSpecificOutput.PermissionDecision {
			case "allow", "deny", "ask":
			default:
				t.Fatalf("decision %q", o.HookSpecificOutput.PermissionDecision)
			}
		case 2:
			if out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 {
				t.Fatalf("exit 2 with stdout %q stderr %q", out.String(), errb.String())
			}
		default:
			t.Fatalf("exit %d: Claude Code would fail open", code)
		}
	})
}
