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
// values with a GS (0x1D) after every variable-length value that is not
// last. No leading FNC1 and no symbology identifier.
func (m Message) ElementString() string {
	return "" // TODO
}

// HRI returns the human-readable interpretation, one line per element:
// "(01) 09506000134352  GTIN".
func (m Message) HRI() []string {
	return nil // TODO
}

// DigitalLink returns the message as a GS1 Digital Link URI on base
// (e.g. "https://id.gs1.org"; "" means that). The message needs a primary
// key (01, 00, 414, …); other data attributes go in the query string.
func (m Message) DigitalLink(base string) (string, error) {
	return "", errorf(codeDigitalLink, "", 0, "not implemented yet")
}

// Title returns the GS1 data title of ai ("GTIN", "BATCH/LOT"), "" if the
// AI is unknown.
func Title(ai string) string {
	return "" // TODO
}
