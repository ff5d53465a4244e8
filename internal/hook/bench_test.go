package hook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/hook"
)

func BenchmarkParsePayloadBash(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testdata, "bash_git_status.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := hook.ParsePayload(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParsePayloadWrite100k: a Write of a 100 KB file, where the
// duplicate-key walk reads every byte of the content.
func BenchmarkParsePayloadWrite100k(b *testing.B) {
	content := strings.Repeat("\tfmt.Println(\"line\") // comment\n", 100000/32)
	data := fmt.Appendf(nil, `{"session_id":"s","cwd":"/p","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/p/x.go","content":%q}}`, content)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := hook.ParsePayload(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunOffline is the in-process work of one allowlisted Bash call
// decided offline: parse, load settings, resolve roots, decide, print.
func BenchmarkRunOffline(b *testing.B) {
	home := b.TempDir()
	project := filepath.Join(home, "proj")
	if err := os.MkdirAll(filepath.Join(project, ".claude"), 0o755); err != nil {
		b.Fatal(err)
	}
	settings, err := os.ReadFile(filepath.Join(testdata, "settings.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, ".claude", "settings.json"), settings, 0o644); err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(testdata, "bash_git_status.json"))
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.ReplaceAll(raw, []byte(recordedHome), []byte(home))
	env := hook.Env{ProjectDir: project, Home: home, ManagedDirs: []string{}}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if code := hook.Run(context.Background(), env, bytes.NewReader(data), &out, io.Discard, nil); code != 0 || !bytes.Contains(out.Bytes(), []byte(`"allow"`)) {
			b.Fatalf("exit %d: %s", code, out.String())
		}
	}
}
