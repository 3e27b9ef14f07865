package gs1

import "strings"

// parseBracketed reads "(01)09506000134352(10)ABC": the AI in brackets,
// then its value up to the next "(" or the end. A literal "(" inside a
// value is written "\(". Spaces next to the brackets, as people type them
// from the human-readable line, are skipped (a space is never valid data).
func (p *parser) parseBracketed() (Message, error) {
	var buf [maxStack]entry
	c := collector{ents: buf[:0]}
	var unk []entry // unknown AIs kept under tolerate
	d := p.data
	i := 0
	for {
		for i < len(d) && d[i] == ' ' {
			i++
		}
		if i >= len(d) {
			break
		}
		if d[i] != '(' {
			return Message{}, errorf(codeSyntax, "", i, "expected \"(\" to open an Application Identifier, found %s", showChar(d[i]))
		}
		close := strings.IndexByte(d[i:], ')')
		if close < 0 {
			return Message{}, errorf(codeSyntax, "", i, "\"(\" without a closing \")\"")
		}
		ai := d[i+1 : i+close]
		def := lookup(ai)
		if def == nil {
			if !allDigits(ai) || len(ai) < 2 || len(ai) > 4 {
				return Message{}, errorf(codeSyntax, "", i+1, "%q is not an Application Identifier (2 to 4 digits)", ai)
			}
			if !p.tolerate {
				return Message{}, errorf(codeUnknownAI, ai, i+1, "(%s) is not a GS1 Application Identifier", ai)
			}
		}
		vs := i + close + 1
		for vs < len(d) && d[vs] == ' ' {
			vs++
		}
		// The value ends at the first "(" not escaped by a backslash.
		ve := vs
		escaped := false
		for ve < len(d) {
			if d[ve] == '(' && (ve == vs || d[ve-1] != '\\') {
				break
			}
			if d[ve] == '(' {
				escaped = true
			}
			ve++
		}
		end := ve
		for end > vs && d[end-1] == ' ' {
			end--
		}
		v := d[vs:end]
		if escaped {
			v = strings.ReplaceAll(v, `\(`, "(")
		}
		if def == nil {
			// An unknown AI, kept under tolerate: the brackets delimit it;
			// its value must still be one GS1 could carry.
			if !unknownFits(ai, v) {
				return Message{}, errorf(codeUnknownAI, ai, i+1, "(%s) is not a GS1 Application Identifier", ai)
			}
			var e *Error
			if unk, e = addUnknown(unk, entry{el: Element{AI: ai, Value: v}, pos: int32(i + 1)}); e != nil {
				return Message{}, e
			}
			i = ve
			continue
		}
		if e := checkValue(def, ai, v, vs); e != nil {
			return Message{}, e
		}
		if en := newEntry(ai, v, i+1); true {
			var dup int
			if c, dup = c.add(en); dup >= 0 {
				if e := dupError(c.ents[dup], en); e != nil {
					return Message{}, e
				}
			}
		}
		i = ve
	}
	if len(c.ents) == 0 && len(unk) == 0 {
		return Message{}, errorf(codeEmpty, "", 0, "no Application Identifiers in the text")
	}
	m, err := c.finish(FormBracketed, "", p.ref)
	if err != nil || len(unk) == 0 {
		return m, err
	}
	return withUnknown(m, c.ents, unk), nil
}
