package policy

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gatehouse/gatehouse/internal/action"
)

func (ev *evaluation) webFetch() Decision {
	var in struct {
		URL *string `json:"url"`
	}
	if err := ev.input(&in); err != nil || in.URL == nil {
		reason := "The fetch names no URL."
		if err != nil {
			reason = err.Error()
		}
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Fetch, Reason: reason}
	}
	raw := *in.URL
	host, problem := fetchHost(raw)
	d := Decision{Kind: action.Fetch, Paths: []string{raw}}
	// Whole-tool deny and ask rules apply even to URLs we cannot parse.
	for _, b := range []Behavior{Deny, Ask} {
		if r := ev.domainRule(b, host, problem != ""); r != nil {
			out := ruleDecision(r, action.Fetch, raw)
			out.Paths = d.Paths
			return out
		}
	}
	if problem != "" {
		d.Behavior, d.Check = Ask, CheckURL
		d.Reason = fmt.Sprintf("The URL %q %s, so it asks.", raw, problem)
		return d
	}
	if r := ev.domainRule(Allow, host, false); r != nil {
		out := ruleDecision(r, action.Fetch, raw)
		out.Paths = d.Paths
		return out
	}
	d.Behavior, d.Check = Ask, CheckNoRule
	d.Reason = fmt.Sprintf("No rule allows fetching from %s.", host)
	d.SuggestedRule = "WebFetch(domain:" + host + ")"
	return d
}

// domainRule finds the first WebFetch rule of behavior b matching host.
// With wholeOnly (the URL could not be parsed), only whole-tool rules count.
func (ev *evaluation) domainRule(b Behavior, host string, wholeOnly bool) *Rule {
	var found *Rule
	ev.rulesFor(b, "WebFetch", func(r *Rule) bool {
		if r.Whole || (!wholeOnly && r.domain != "" && matchHost(r.domain, host)) {
			found = r
			return false
		}
		return true
	})
	return found
}

// fetchHost returns the lowercased host of an http(s) URL, or a problem
// that makes the URL ask. Anything a browser and Go's parser might read
// differently (backslashes, blanks, control characters, credentials,
// non-ASCII hosts) is a problem, not something to match.
func fetchHost(raw string) (host, problem string) {
	for _, c := range raw {
		if c < 0x21 || c == 0x7f || c == '\\' {
			return "", "contains a blank, control character or backslash"
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "cannot be parsed"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", "is not an http or https URL"
	}
	if u.Opaque != "" || u.Host == "" {
		return "", "has no host"
	}
	if u.User != nil {
		return "", "carries a user name or password"
	}
	host = strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", "has no host"
	}
	for _, c := range host {
		if c > 0x7e {
			return "", "has a non-ASCII host name"
		}
	}
	if strings.ContainsAny(host, "%@/") {
		return "", "has an unusual host name"
	}
	return host, ""
}
