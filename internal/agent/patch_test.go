package agent

import (
	"strings"
	"testing"
)

func TestParsePatch(t *testing.T) {
	text := "*** Begin Patch\n" +
		"*** Add File: docs/new.md\n+# New\n+\n+text\n" +
		"*** Update File: src/a.go\n*** Move to: src/b.go\n@@ func a\n func a() {\n-\treturn 1\n+\treturn 2\n }\n@@\n-x\n+y\n*** End of File\n" +
		"*** Delete File: old.txt\n" +
		"*** End Patch\n"
	p, err := ParsePatch(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 3 {
		t.Fatalf("files = %d, want 3", len(p.Files))
	}
	add, upd, del := p.Files[0], p.Files[1], p.Files[2]
	if add.Op != OpAdd || add.Path != "docs/new.md" || add.Content != "# New\n\ntext\n" {
		t.Errorf("add = %+v", add)
	}
	if upd.Op != OpUpdate || upd.Path != "src/a.go" || upd.MoveTo != "src/b.go" || len(upd.Hunks) != 2 {
		t.Fatalf("update = %+v", upd)
	}
	if h := upd.Hunks[0]; h.Header != "func a" || h.Old != "func a() {\n\treturn 1\n}\n" || h.New != "func a() {\n\treturn 2\n}\n" {
		t.Errorf("hunk 0 = %+v", h)
	}
	if h := upd.Hunks[1]; h.Old != "x\n" || h.New != "y\n" {
		t.Errorf("hunk 1 = %+v", h)
	}
	if del.Op != OpDelete || del.Path != "old.txt" {
		t.Errorf("delete = %+v", del)
	}
}

func TestParsePatchErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "does not start"},
		{"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "does not start"},
		{"*** Begin Patch\n*** Add File: a\n+x\n", "does not end"},
		{"*** Begin Patch\n*** End Patch", "changes no file"},
		{"*** Begin Patch\n*** Add File: a\nx\n*** End Patch", "must start with +"},
		{"*** Begin Patch\n*** Update File: a\n*** End Patch", "without a change"},
		{"*** Begin Patch\n*** Update File: a\n@@\n a\n*** End Patch", "changes nothing"},
		{"*** Begin Patch\n*** Update File: a\n@@\n+only added\n*** End Patch", "no context"},
		{"*** Begin Patch\n*** Update File: a\n@@\n?x\n*** End Patch", "must start with space"},
		{"*** Begin Patch\n*** Delete File: a\n*** Delete File: a\n*** End Patch", "twice"},
		{"*** Begin Patch\n*** Frobnicate File: a\n*** End Patch", "want an Add"},
		{"*** Begin Patch\n*** Delete File: \n*** End Patch", "names no file"},
	} {
		_, err := ParsePatch(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePatch(%q) = %v, want error containing %q", tc.in, err, tc.want)
		}
	}
}

// FuzzParsePatch: the parser never panics, and every hunk it returns can
// be placed (has text to find).
func FuzzParsePatch(f *testing.F) {
	f.Add("*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n*** End Patch")
	f.Add("*** Begin Patch\n*** Add File: a\n+x\n*** Delete File: b\n*** End Patch")
	f.Add("*** Begin Patch\n*** Update File: a\n*** Move to: b\n*** End Patch")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePatch(s)
		if err != nil {
			return
		}
		for _, file := range p.Files {
			if file.Path == "" {
				t.Fatalf("empty path in %q", s)
			}
			for _, h := range file.Hunks {
				if h.Old == "" {
					t.Fatalf("hunk %+v of %q cannot be placed", h, s)
				}
			}
		}
	})
}
