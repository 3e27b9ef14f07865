package gs1

import (
	"fmt"
	"strings"
)

const gs = 0x1D // FNC1 as transmitted by scanners: ASCII group separator

// Parse decodes and validates GS1 data in any form a scanner or a person
// produces, detecting the form automatically. opt may be nil.
//
//   - "]C1", "]e0", "]d2", "]Q3", "]J1" + element string: FormScan
//   - "]E0", "]E3", "]E4", "]I0"/"]I1" (ITF-14) + digits: FormGTIN
//   - other AIM identifiers: a Digital Link URI, else ErrNotGS1
//   - an element string, with or without a leading GS: FormElement
//   - "(01)…(10)…": FormBracketed
//   - "https://…/01/…": FormDL
//   - 8, 12, 13 or 14 digits with a valid check digit: FormGTIN; with a
//     wrong one ErrNotGS1, since scanners verify EAN/UPC check digits and
//     such a string is a plain numeric code (with "]E0" it is ErrCheckDigit)
//
// Data with no GS1 shape at all ("LOC-A01", a plain URL, Code 39 text)
// returns an error matching ErrNotGS1 so callers can treat it as a plain
// code. An unmarked string (no symbology identifier, no GS) that starts like
// an element string but fails in its first element is also ErrNotGS1:
// location labels such as "01-A-03" must not be refused as bad GS1.
func Parse(data string, opt *Options) (Message, error) { return parse(data, opt, true) }

// parse is Parse; fast = false turns the fast path off, for the tests
// that hold the two paths to the same verdicts.
func parse(data string, opt *Options, fast bool) (Message, error) {
	if fast && (opt == nil || len(opt.Separators) == 0) && len(data) > 3 && isGS1Scan(data[:3]) && !isURL(data[3:]) {
		// The common case, straight to the fast path (see fastElements).
		if els, ok := fastElements(data, 3); ok {
			return Message{Form: FormScan, Symbology: data[:3], Elements: els, ref: refYear(opt)}, nil
		}
		fast = false // tried: parseElements need not try again
	}
	p := parser{data: data, fast: fast}
	if opt != nil {
		p.seps = opt.Separators
		p.ref = refYear(opt)
		p.tolerate = opt.TolerateUnknown
	}
	if data == "" {
		return Message{}, errorf(codeEmpty, "", 0, "nothing was scanned")
	}
	if data[0] == ']' {
		return p.parseAIM()
	}
	if n := p.sepAt(0); n > 0 {
		return p.parseElements(0, FormElement, "", false)
	}
	switch c := data[0]; {
	case c == '(':
		return p.parseBracketed()
	case c == 'h' || c == 'H':
		if isURL(data) {
			return p.parseDL(0, "")
		}
	case c >= '0' && c <= '9':
		if isGTINShape(data) {
			m, err := p.parseGTIN(0, "")
			if err == nil {
				return m, nil
			}
			// Scanners verify EAN/UPC check digits while decoding, so an
			// unmarked digit string with a wrong one is not an EAN/UPC but a
			// plain code such as a numeric bin label. (Reading it as an
			// element string instead would turn a mistyped EAN-13 like
			// 4006381333932 into order number (400) 6381333932.)
			return Message{}, notGS1("not a GS1 barcode: as an EAN/UPC number its check digit would be wrong (" + err.(*Error).Message + ")")
		}
		if l := aiLength(data); l > 0 && l <= len(data) && lookup(data[:l]) != nil {
			return p.parseElements(0, FormElement, "", true)
		}
	}
	return Message{}, notGS1("the data is not a GS1 barcode")
}

// refYear is the year two-digit years resolve against: Options.Now's,
// or 0 for the clock at the time a date is asked for.
func refYear(opt *Options) refTime {
	if opt == nil || opt.Now == nil {
		return 0
	}
	return opt.Now().Year()
}

func notGS1(msg string) *Error { return &Error{Code: codeNotGS1, Message: msg} }

// parser holds one Parse call's input and options.
type parser struct {
	lead Element // an element found before the element string (EAN + composite)
	data string
	seps []string
	ref  refTime
	// fast: try fastElements first. Off in the tests that compare the
	// two paths, and once it has been tried.
	fast bool
	// tolerate: keep unknown AIs that can be delimited (Options.TolerateUnknown).
	tolerate bool
}

// sepAt returns the length of the separator (GS or a configured
// substitute) at byte i, 0 if there is none.
func (p *parser) sepAt(i int) int {
	if i >= len(p.data) {
		return 0
	}
	if p.data[i] == gs {
		return 1
	}
	if len(p.seps) == 0 {
		return 0
	}
	for _, s := range p.seps {
		if s != "" && strings.HasPrefix(p.data[i:], s) {
			return len(s)
		}
	}
	return 0
}

// nextSep finds the next separator at or after i: its index and length,
// or len(data), 0.
func (p *parser) nextSep(i int) (int, int) {
	if len(p.seps) == 0 {
		if j := strings.IndexByte(p.data[i:], gs); j >= 0 {
			return i + j, 1
		}
		return len(p.data), 0
	}
	for j := i; j < len(p.data); j++ {
		if n := p.sepAt(j); n > 0 {
			return j, n
		}
	}
	return len(p.data), 0
}

func (p *parser) parseAIM() (Message, error) {
	d := p.data
	if len(d) < 3 {
		return Message{}, notGS1("the data is not a GS1 barcode")
	}
	sym := d[:3]
	switch {
	case isGS1Scan(sym):
		if isURL(d[3:]) {
			return p.parseDL(3, sym)
		}
		return p.parseElements(3, FormScan, sym, false)
	case sym == "]E0" || sym == "]E4" || sym == "]E3":
		body := d[3:]
		composite := ""
		if j := strings.Index(body, "|]e0"); j >= 0 {
			// EAN/UPC with a GS1 Composite component: "|]e0" + element string.
			body, composite = body[:j], body[j+4:]
		}
		want := 13
		switch {
		case sym == "]E4":
			want = 8
		case sym == "]E3" && (len(body) == 15 || len(body) == 18):
			body = body[:13] // EAN-13 + 2- or 5-digit add-on: the add-on is not part of the GTIN
		}
		if len(body) != want || !allDigits(body) {
			return Message{}, errorf(codeLength, "01", 3, "an %s barcode carries exactly %d digits, got %q", symbologyName(sym), want, body)
		}
		m, err := p.parseGTINValue(body, 3, sym)
		if err != nil || composite == "" {
			return m, err
		}
		return p.withComposite(m, 3+len(d[3:])-len(composite))
	case sym == "]I0" || sym == "]I1":
		if body := d[3:]; len(body) == 14 && allDigits(body) {
			return p.parseGTIN(3, sym)
		}
	}
	if isURL(d[3:]) {
		return p.parseDL(3, sym)
	}
	return Message{}, notGS1(fmt.Sprintf("symbology %s does not carry GS1 data", sym))
}

func isURL(s string) bool {
	if len(s) < 7 || s[0]|0x20 != 'h' {
		return false
	}
	return hasPrefixFold(s, "https://") || hasPrefixFold(s, "http://")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isGTINShape: 8, 12, 13 or 14 digits — a plain EAN/UPC/ITF-14 number.
func isGTINShape(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
		return allDigits(s)
	}
	return false
}

// withComposite parses the composite element string at byte start
// together with m's GTIN (so req/ex see both) and returns the whole.
func (p *parser) withComposite(m Message, start int) (Message, error) {
	p.lead = m.Elements[0]
	cm, err := p.parseElements(start, FormGTIN, m.Symbology, false)
	p.lead = Element{}
	return cm, err
}

func symbologyName(sym string) string {
	switch sym {
	case "]E4":
		return "EAN-8"
	case "]E3":
		return "EAN-13 with add-on"
	}
	return "EAN-13/UPC-A"
}

func (p *parser) parseGTIN(start int, sym string) (Message, error) {
	return p.parseGTINValue(p.data[start:], start, sym)
}

// parseGTINValue makes the message of a plain GTIN; v is p.data[start:]
// or the start of it.
func (p *parser) parseGTINValue(v string, start int, sym string) (Message, error) {
	if f, ok := checkCsum(v); !ok {
		return Message{}, &Error{Code: f.code, AI: "01", Pos: start + f.off, Message: fmt.Sprintf("GTIN-%d %s: %s", len(v), v, f.msg)}
	}
	if pad := 14 - len(v); pad > 0 {
		if start >= pad && p.data[start-pad:start] == "00000000000000"[:pad] {
			// The padding is already in the input: "]E0" ends in a
			// zero, so an EAN-13 scan holds its GTIN-14 as it is.
			v = p.data[start-pad : start+len(v)]
		} else {
			v = "00000000000000"[len(v):] + v
		}
	}
	return Message{Form: FormGTIN, Symbology: sym, Elements: []Element{{AI: "01", Value: v}}, ref: p.ref}, nil
}

// maxStack is how many elements parse on the stack before spilling.
const maxStack = 12

// parseElements reads an element string from byte start. unmarked says
// the input carried no GS1 marker (AIM id or GS) so a failure in the first
// element means "not GS1" rather than "bad GS1".
func (p *parser) parseElements(start int, form Form, sym string, unmarked bool) (Message, error) {
	if p.fast && len(p.seps) == 0 && p.lead.AI == "" {
		if els, ok := fastElements(p.data, start); ok {
			return Message{Form: form, Symbology: sym, Elements: els, ref: p.ref}, nil
		}
	}
	var buf [maxStack]entry
	c := collector{ents: buf[:0]}
	var unk []entry // unknown AIs kept under tolerate
	if p.lead.AI != "" {
		c, _ = c.add(newEntry(p.lead.AI, p.lead.Value, 3))
	}
	d := p.data
	i := start
	if n := p.sepAt(i); n > 0 {
		i += n // leading FNC1
	}
	if i >= len(d) {
		return Message{}, errorf(codeEmpty, "", i, "the barcode holds no data after its symbology identifier")
	}
	for i < len(d) {
		if n := p.sepAt(i); n > 0 {
			return Message{}, errorf(codeSyntax, "", i, "two separators (GS) in a row: an element is empty")
		}
		ai, key, err := p.readAI(i)
		if err != nil && p.tolerate && err.Code == codeUnknownAI && !(unmarked && len(c.ents) == 0) {
			if en, next, ok := p.unknownElement(i); ok {
				var e *Error
				if unk, e = addUnknown(unk, en); e != nil {
					return Message{}, e
				}
				i = next
				continue
			}
		}
		if err != nil {
			if unmarked && len(c.ents) == 0 {
				return Message{}, notGS1("the data is not a GS1 barcode")
			}
			return Message{}, err
		}
		def := &aiTable[aiIndex[key]-1]
		vs := i + len(ai)
		var ve, next int
		if def.fixed {
			ve = vs + def.maxLen
			if ve > len(d) {
				ve = len(d)
			}
			// A separator inside a predefined-length value cuts it short.
			// Without substitutes a GS fails the character check, so look
			// for it only then (the common case pays nothing).
			if len(p.seps) > 0 {
				for j := vs; j < ve; j++ {
					if p.sepAt(j) > 0 {
						ve = j
						break
					}
				}
			}
			next = ve + p.sepAt(ve)
		} else {
			j, n := p.nextSep(vs)
			ve, next = j, j+n
		}
		v := d[vs:ve]
		if e := checkValue(def, ai, v, vs); e != nil {
			if def.fixed {
				if j := strings.IndexByte(v, gs); j >= 0 {
					v = v[:j]
					e = lengthError(def, ai, v, vs)
				}
			} else {
				if h := p.missingSeparator(def, ai, v, vs); h != nil {
					e = h
				}
			}
			if unmarked && len(c.ents) == 0 {
				return Message{}, notGS1("the data is not a GS1 barcode (read as GS1: " + e.Message + ")")
			}
			return Message{}, e
		}
		// collector.add, written out: this is the hot path of every scan.
		en := newEntryKey(ai, v, i, key)
		w, b := keyBit(key)
		if c.bits[w]&b != 0 {
			if k := findKey(c.ents, key); k >= 0 {
				if e := dupError(c.ents[k], en); e != nil {
					return Message{}, e
				}
				i = next
				continue
			}
		}
		c.ents = append(c.ents, en)
		c.bits[w] |= b
		i = next
	}
	m, err := c.finish(form, sym, p.ref)
	if err != nil || len(unk) == 0 {
		return m, err
	}
	return withUnknown(m, c.ents, unk), nil
}

// readAI reads the Application Identifier at byte i.
func (p *parser) readAI(i int) (string, uint16, *Error) {
	d := p.data
	l := 0
	var pfx uint
	if i+1 < len(d) {
		c0, c1 := uint(d[i]-'0'), uint(d[i+1]-'0')
		if c0 <= 9 && c1 <= 9 {
			pfx = c0*10 + c1
			l = int(aiLenByPrefix[pfx%100])
		}
	}
	if l == 0 {
		end := i + 4
		if end > len(d) {
			end = len(d)
		}
		if c := d[i]; c < '0' || c > '9' {
			return "", 0, errorf(codeSyntax, "", i, "expected an Application Identifier (digits) but found %q", c)
		}
		return "", 0, errorf(codeUnknownAI, "", i, "%q does not start a GS1 Application Identifier", d[i:end])
	}
	if i+l > len(d) {
		return "", 0, errorf(codeUnknownAI, "", i, "the data ends inside an Application Identifier (%q)", d[i:])
	}
	ai := d[i : i+l]
	n := int(pfx) // the first two digits, checked above
	for k := 2; k < l; k++ {
		c := ai[k] - '0'
		if c > 9 {
			return "", 0, errorf(codeSyntax, "", i, "expected a %d-digit Application Identifier but found %q", l, ai)
		}
		n = n*10 + int(c)
	}
	key := uint16(slotBase(l) + n)
	if aiIndex[key] == 0 {
		return "", 0, errorf(codeUnknownAI, ai, i, "(%s) is not a GS1 Application Identifier", ai)
	}
	return ai, key, nil
}

// missingSeparator explains a failed variable-length value that looks like
// two elements run together because the GS between them was lost (typical
// of keyboard-wedge scanners). It returns nil when no split makes sense.
func (p *parser) missingSeparator(def *aiDef, ai, v string, pos int) *Error {
	hi := def.maxLen
	if hi > len(v)-2 {
		hi = len(v) - 2
	}
	for k := def.minLen; k <= hi; k++ {
		if checkValue(def, ai, v[:k], pos) != nil {
			continue
		}
		rest := v[k:]
		l := aiLength(rest)
		if l == 0 || l >= len(rest) {
			continue
		}
		nd := lookup(rest[:l])
		if nd == nil {
			continue
		}
		nv := rest[l:]
		if nd.fixed || len(nv) < nd.maxLen {
			if len(nv) > nd.maxLen {
				nv = nv[:nd.maxLen]
			}
			if checkValue(nd, rest[:l], nv, 0) != nil {
				continue
			}
		} else if badChar(nd.comps[0].cset, nv[:nd.maxLen]) >= 0 {
			continue
		}
		return errorf(codeMissingSep, ai, pos+k,
			"(%s) %s %q does not fit (%d characters) but reads as %q followed by (%s) %s: the GS separator after (%s) seems to be missing — the scanner probably dropped it. Set the scanner to send GS (FNC1) or a separator substitute, then rescan",
			ai, def.title, v, len(v), v[:k], rest[:l], nd.title, ai)
	}
	return nil
}

// describeReq renders a req rule for operators: "(01) GTIN or (02) CONTENT".
func describeReq(rule reqRule) string {
	var b strings.Builder
	for i, alt := range rule {
		if i > 0 {
			if i == len(rule)-1 {
				b.WriteString(" or ")
			} else {
				b.WriteString(", ")
			}
		}
		for j, pat := range alt {
			if j > 0 {
				b.WriteString(" with ")
			}
			b.WriteString("(" + pat + ")")
			if t := Title(pat); t != "" {
				b.WriteString(" " + t)
			}
		}
	}
	return b.String()
}
