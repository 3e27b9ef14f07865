package console

import (
	_ "embed"
	"regexp"
	"strings"
)

// exceptions.md is a copy of docs/exceptions.md (a test keeps them equal),
// embedded so the console shows the same advice as the documentation.
//
//go:generate cp ../../../docs/exceptions.md exceptions.md
//go:embed exceptions.md
var exceptionsDoc string

// Advice is what docs/exceptions.md says about one exception code.
type Advice struct {
	What  string `json:"what_happened"`
	Cause string `json:"usual_cause"`
	Do    string `json:"what_to_do"`
}

var codeRE = regexp.MustCompile("`([a-z_]+)`")

// parseAdvice reads the table of docs/exceptions.md: | code | what
// happened | usual cause | what to do |; one row may list several codes.
func parseAdvice(doc string) map[string]Advice {
	out := map[string]Advice{}
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), " | ")
		if len(cells) != 4 {
			continue
		}
		a := Advice{What: plain(cells[1]), Cause: plain(cells[2]), Do: plain(cells[3])}
		for _, m := range codeRE.FindAllStringSubmatch(cells[0], -1) {
			out[m[1]] = a
		}
	}
	return out
}

// plain drops Markdown's code ticks and bold marks.
func plain(s string) string {
	return strings.TrimSpace(strings.NewReplacer("`", "", "**", "").Replace(s))
}

var adviceByCode = parseAdvice(exceptionsDoc)
