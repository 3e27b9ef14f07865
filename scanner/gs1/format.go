package gs1

import "strings"

// Bracketed returns the message as bracketed text, "(01)…(10)…"; a "(" in
// a value is escaped as "\(" so the text parses back to the same message.
func (m Message) Bracketed() string {
	var b strings.Builder
	for _, e := range m.Elements {
		b.WriteByte('(')
		b.WriteString(e.AI)
		b.WriteByte(')')
		b.WriteString(strings.ReplaceAll(e.Value, "(", `\(`))
	}
	return b.String()
}

// ElementString returns the message as a GS1 element string: AIs and
// values in order, with a GS (0x1D) after every value whose AI is not of
// predefined length, except the last. No leading FNC1, no symbology
// identifier: prefix "]C1" (or another) to get scan data.
func (m Message) ElementString() string {
	var b strings.Builder
	for i, e := range m.Elements {
		b.WriteString(e.AI)
		b.WriteString(e.Value)
		if i < len(m.Elements)-1 {
			if d := lookup(e.AI); d == nil || !d.fixed {
				b.WriteByte(gs)
			}
		}
	}
	return b.String()
}

// HRI returns the human-readable interpretation, one line per element,
// with the GS1 data title: "(01) GTIN: 09506000134352".
func (m Message) HRI() []string {
	out := make([]string, len(m.Elements))
	for i, e := range m.Elements {
		if t := Title(e.AI); t != "" {
			out[i] = "(" + e.AI + ") " + t + ": " + e.Value
		} else {
			out[i] = "(" + e.AI + ") " + e.Value
		}
	}
	return out
}
