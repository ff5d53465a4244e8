package shell

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/awkscript"
	"github.com/gatehouse/gatehouse/internal/sedscript"
)

// FuzzScriptPrograms checks that the analysis of sed, awk and jq programs
// never panics, and that a program the strict readers call harmless gives
// no code-execution effect while one they refuse or find running code
// always does.
func FuzzScriptPrograms(f *testing.F) {
	for _, s := range []string{"s/a/b/", ":x;e id", "{print $1}", "BEGIN{system(\"id\")}", "/a|b/", ".name", "env", "w /tmp/x", "$ENV"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, prog string) {
		if strings.ContainsAny(prog, "\x00") || strings.HasPrefix(prog, "-") {
			return // a word starting with - is an option, not a program
		}
		quoted := shellQuote(prog)
		for _, tool := range []string{"sed -n", "awk", "jq"} {
			line := Analyze(tool + " " + quoted + " README.md")
			if line.ParseError != nil || len(line.Commands) != 1 {
				continue
			}
			exec := false
			for _, e := range line.Commands[0].Effects {
				if e.Kind == EffectExec {
					exec = true
				}
			}
			switch tool {
			case "sed -n":
				s, err := sedscript.Parse(prog, sedscript.Options{})
				if want := err != nil || s.Effects().RunsCode; want != exec {
					t.Fatalf("sed %q: exec effect %v, reader says runs code or refused: %v", prog, exec, want)
				}
			case "awk":
				e, err := awkscript.Check(prog)
				if want := err != nil || len(e.RunsCode) > 0 || e.ReadsUnknown || e.ChangesInput; want != exec {
					t.Fatalf("awk %q: exec effect %v, reader says %v (%+v, %v)", prog, exec, want, e, err)
				}
			}
		}
	})
}

// TestScriptEffects checks the effect each script reader gives a program.
func TestScriptEffects(t *testing.T) {
	for _, c := range []struct {
		line string
		want EffectKind // "" for none of exec, write, read, secrets
	}{
		{`jq -n env`, EffectSecrets},
		{`jq -n '$ENV.X'`, EffectSecrets},
		{`jq '.name' package.json`, ""},
		{`jq -n 'import "m" as m; 1'`, EffectRead},
		{`yq -n 'strenv(T)'`, EffectSecrets},
		{`yq -n 'load_str("f")'`, EffectExec},
		{`yq '.a' x.yaml`, ""},
		{`awk 'BEGIN{print ENVIRON["T"]}'`, EffectSecrets},
		{`awk '{print > "/tmp/x"}' f`, EffectWrite},
		{`awk 'BEGIN{getline l < "/etc/passwd"}'`, EffectRead},
		{`sed -n ':x;e id' f`, EffectExec},
		{`sed -n ':x;r /etc/passwd' f`, EffectRead},
		{`sed -i'/tmp/*' s/a/b/ f`, EffectWrite},
	} {
		line := Analyze(c.line)
		got := EffectKind("")
		for _, e := range line.Commands[0].Effects {
			switch e.Kind {
			case EffectExec, EffectSecrets:
				got = e.Kind
			case EffectWrite, EffectRead:
				if e.Path != "f" && e.Path != "package.json" && e.Path != "x.yaml" && got == "" {
					got = e.Kind
				}
			}
		}
		if got != c.want {
			t.Errorf("%s: effect %q, want %q (%+v)", c.line, got, c.want, line.Commands[0].Effects)
		}
	}
}
