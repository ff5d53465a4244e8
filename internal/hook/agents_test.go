package hook_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const agentsTestdata = "../../testdata/agents"

// TestOtherAgents runs the binary on each agent's payloads and checks the
// answer is in that agent's own format: allowed calls pass, denied and
// asked ones end in what that agent reads as blocking.
func TestOtherAgents(t *testing.T) {
	p := newProject(t)
	data, err := os.ReadFile(filepath.Join(agentsTestdata, "expect.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row := strings.Split(line, "\t")
		if len(row) < 3 {
			t.Fatalf("expect.tsv:%d: want 3 columns", n+1)
		}
		file, want := row[0], row[2]
		code, err := strconv.Atoi(row[1])
		if err != nil {
			t.Fatalf("expect.tsv:%d: exit code %q", n+1, row[1])
		}
		covered[file] = true
		t.Run(strings.TrimSuffix(file, ".json"), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(agentsTestdata, file))
			if err != nil {
				t.Fatal(err)
			}
			in = bytes.ReplaceAll(in, []byte(recordedHome), []byte(p.home))
			// No CLAUDE_PROJECT_DIR: the workspace comes from the payload.
			r := runHook(t, in, "HOME="+p.home)
			if r.code != code {
				t.Fatalf("expect.tsv:%d: exit %d, want %d (stdout %q, stderr %q)", n+1, r.code, code, r.stdout, r.stderr)
			}
			if want == "" {
				if r.stdout != "" {
					t.Fatalf("expect.tsv:%d: stdout %q, want nothing", n+1, r.stdout)
				}
				return
			}
			if strings.Count(r.stdout, "\n") != 1 || !json.Valid([]byte(r.stdout)) {
				t.Fatalf("expect.tsv:%d: stdout %q is not one JSON line", n+1, r.stdout)
			}
			if !strings.Contains(r.stdout, want) {
				t.Errorf("expect.tsv:%d: stdout %q does not contain %s (%s)", n+1, r.stdout, want, row[len(row)-1])
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(agentsTestdata, "*.json"))
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("%s has no row in expect.tsv", filepath.Base(f))
		}
	}
}
