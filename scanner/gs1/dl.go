package gs1

import (
	"strings"
)

// hostChars are the bytes accepted in a domain (names, IPv4, [IPv6], port).
var hostChars = func() (t [256]bool) {
	for _, c := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.:[]" {
		t[c] = true
	}
	return t
}()

// uriClass sorts URI bytes for the single-pass scan in parseDL.
const (
	uriPlain = iota
	uriSlash // "/" starts a path segment
	uriEnd   // "?" or "#" ends the path
	uriBad   // control characters, space, non-ASCII
)

var uriClass = func() (t [256]uint8) {
	for c := range t {
		if c <= ' ' || c >= 0x7f {
			t[c] = uriBad
		}
	}
	t['/'], t['?'], t['#'] = uriSlash, uriEnd, uriEnd
	return t
}()

// defaultDLBase is the GS1 resolver used when DigitalLink gets no base.
const defaultDLBase = "https://id.gs1.org"

// parseDL reads an uncompressed GS1 Digital Link URI starting at byte
// start: an http(s) scheme, any domain and path prefix, then the primary
// key and its qualifiers as /AI/value pairs, then AI=value query
// attributes. A URL without a GS1 primary key path is ErrNotGS1 (a plain
// web link). The verdicts follow GS1's Barcode Syntax Engine: the
// rightmost primary key in the path wins, the key's qualifiers must be in
// the path (not the query), no AI may appear twice, "+" in the query is a
// space, and the path may not end in "/". Unlike the engine's default, a
// GTIN-8/12/13 written short after /01/ (or ?01=) is accepted and padded,
// as the Digital Link standard's own examples do.
func (p *parser) parseDL(start int, sym string) (Message, error) {
	d := p.data
	i := start + strings.IndexByte(d[start:], ':') // isURL saw "http(s)://"
	if sc := d[start:i]; sc != "https" && sc != "http" && sc != "HTTPS" && sc != "HTTP" {
		return Message{}, notGS1("the URL is not a GS1 Digital Link (its scheme must be http or https in one case)")
	}
	i += 3 // past "://"
	// One pass: the domain, the path (noting where segments start), then
	// the query and fragment; no control or non-ASCII byte anywhere.
	j := i
	for ; j < len(d); j++ {
		c := d[j]
		if c == '/' || c == '?' || c == '#' {
			break
		}
		if !hostChars[c] {
			return Message{}, errorf(codeDigitalLink, "", j, "%s is not allowed in a domain name", showChar(c))
		}
	}
	hostEnd := j
	if hostEnd == i {
		return Message{}, errorf(codeDigitalLink, "", i, "the URI has no domain name")
	}
	// Path segments with their offsets; at most a few dozen in practice.
	var sbuf [24]int
	segs := sbuf[:0]
path:
	for ; j < len(d); j++ {
		switch uriClass[d[j]] {
		case uriPlain:
		case uriSlash:
			segs = append(segs, j+1)
		case uriEnd:
			break path
		default:
			return Message{}, errorf(codeDigitalLink, "", j, "%s is not allowed in a URI", showChar(d[j]))
		}
	}
	pathEnd := j
	qEnd := -1
	for ; j < len(d); j++ {
		if uriClass[d[j]] == uriBad {
			return Message{}, errorf(codeDigitalLink, "", j, "%s is not allowed in a URI", showChar(d[j]))
		}
		if d[j] == '#' && qEnd < 0 {
			qEnd = j
		}
	}
	if qEnd < 0 {
		qEnd = len(d)
	}
	if pathEnd == len(d) || d[pathEnd] == '#' {
		qEnd = pathEnd // no query
	}

	seg := func(k int) string {
		e := pathEnd
		if k+1 < len(segs) {
			e = segs[k+1] - 1
		}
		return d[segs[k]:e]
	}
	// Walk /AI/value pairs back from the end of the path; the key is the
	// rightmost primary key among them ("/00/faux/00/…" keys on the second).
	key := -1
	for k := len(segs) - 2; k >= 0; k -= 2 {
		kd := lookup(seg(k))
		if kd == nil {
			break
		}
		if kd.dlKey {
			key = k
			break
		}
	}
	if key < 0 {
		return Message{}, notGS1("the URL is not a GS1 Digital Link (no /01/…, /00/…, /414/… key in its path)")
	}
	if pathEnd > hostEnd && d[pathEnd-1] == '/' {
		return Message{}, errorf(codeDigitalLink, "", pathEnd-1, "a Digital Link path must not end in \"/\"")
	}

	var buf [maxStack]entry
	c := collector{ents: buf[:0]}
	keyDef := lookup(seg(key))
	for k := key; k < len(segs); k += 2 {
		ai := seg(k)
		def := lookup(ai)
		if k > key && !isQualifier(keyDef, ai) {
			return Message{}, errorf(codeDigitalLink, ai, segs[k], "(%s) %s is not a key qualifier of (%s) %s and cannot be in the URI path; put it in the query string (?%s=…)", ai, def.title, seg(key), keyDef.title, ai)
		}
		v, err := p.dlValue(ai, seg(k+1), segs[k+1], false)
		if err != nil {
			return Message{}, err
		}
		if e := checkDLValue(def, ai, v, seg(k+1), segs[k+1]); e != nil {
			return Message{}, e
		}
		var dup int
		if c, dup = c.add(newEntry(ai, v, segs[k])); dup >= 0 {
			return Message{}, errorf(codeDuplicate, ai, segs[k], "(%s) %s appears twice in the Digital Link", ai, def.title)
		}
	}
	quals, e := qualifierOrder(keyDef, c.ents)
	if e != nil {
		return Message{}, e
	}
	// Query attributes: numeric keys are AIs, anything else (linkType,
	// context, singletons, …) belongs to the resolver and is ignored.
	for j := pathEnd + 1; j < qEnd; {
		e := j
		for e < qEnd && d[e] != '&' {
			e++
		}
		kv := d[j:e]
		if eq := strings.IndexByte(kv, '='); eq > 0 && allDigits(kv[:eq]) {
			ai := kv[:eq]
			def := lookup(ai)
			if def == nil {
				return Message{}, errorf(codeUnknownAI, ai, j, "(%s) in the query string is not a GS1 Application Identifier", ai)
			}
			if !def.dlAttr {
				return Message{}, errorf(codeDigitalLink, ai, j, "(%s) %s is not allowed as a Digital Link query attribute", ai, def.title)
			}
			for _, q := range quals {
				if q == ai {
					return Message{}, errorf(codeDigitalLink, ai, j, "(%s) %s qualifies the key (%s) and belongs in the path (/%s/…), not the query string", ai, def.title, keyDef.first, ai)
				}
			}
			v, err := p.dlValue(ai, kv[eq+1:], j+eq+1, true)
			if err != nil {
				return Message{}, err
			}
			if e := checkDLValue(def, ai, v, kv[eq+1:], j+eq+1); e != nil {
				return Message{}, e
			}
			var dup int
			if c, dup = c.add(newEntry(ai, v, j)); dup >= 0 {
				return Message{}, errorf(codeDuplicate, ai, j, "(%s) %s appears twice in the Digital Link", ai, def.title)
			}
		}
		j = e + 1
	}
	return c.finish(FormDL, sym, p.ref)
}

// dlValue decodes a path or query value; a short GTIN after 01 is padded.
func (p *parser) dlValue(ai, raw string, pos int, query bool) (string, *Error) {
	v, err := pctDecode(raw, pos, ai, query)
	if err != nil {
		return "", err
	}
	if ai == "01" && (len(v) == 8 || len(v) == 12 || len(v) == 13) && allDigits(v) {
		v = "00000000000000"[len(v):] + v // GTIN-8/12/13 written short
	}
	return v, nil
}

// checkDLValue validates a decoded value, mapping error offsets back into
// the raw text where that is possible (no escapes, no padding before it).
func checkDLValue(def *aiDef, ai, v, raw string, pos int) *Error {
	vpos := pos
	if pad := len(v) - len(raw); pad > 0 && v[pad:] == raw {
		vpos -= pad // error offsets count the padding
	}
	e := checkValue(def, ai, v, vpos)
	if e != nil && (e.Pos < pos || e.Pos > pos+len(raw)) {
		e.Pos = pos
	}
	return e
}

func isQualifier(key *aiDef, ai string) bool {
	for _, alt := range key.dlQuals {
		for _, q := range alt {
			if q == ai {
				return true
			}
		}
	}
	return false
}

// qualifierOrder checks that the path qualifiers follow one of the key's
// qualifier sequences in order (e.g. 01 → 22, 10, 21), without mixing, and
// returns that sequence (the first one when the path has no qualifiers).
func qualifierOrder(key *aiDef, els []entry) ([]string, *Error) {
alts:
	for _, alt := range key.dlQuals {
		n := 0
		for _, e := range els[1:] {
			for n < len(alt) && alt[n] != e.el.AI {
				n++
			}
			if n == len(alt) {
				continue alts
			}
			n++
		}
		return alt, nil
	}
	if len(els) < 2 {
		return nil, nil
	}
	var want []string
	for _, alt := range key.dlQuals {
		want = append(want, "/"+strings.Join(alt, "/"))
	}
	ai := strings.Clone(els[1].el.AI)
	return nil, errorf(codeDigitalLink, ai, int(els[1].pos), "the key qualifiers after (%s) are out of order or mixed: allowed order is %s", strings.Clone(els[0].el.AI), strings.Join(want, " or "))
}

// pctDecode resolves %XX escapes; pos is the offset of s in the input.
// In a query ("+" means a space there, as in HTML forms), query is true.
func pctDecode(s string, pos int, ai string, query bool) (string, *Error) {
	if strings.IndexByte(s, '%') < 0 && (!query || strings.IndexByte(s, '+') < 0) {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			if query && s[i] == '+' {
				b = append(b, ' ')
			} else {
				b = append(b, s[i])
			}
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", errorf(codeDigitalLink, ai, pos+i, "bad percent-encoding: %% must be followed by two hexadecimal digits")
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(b), nil
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// pctEncode escapes everything but RFC 3986 unreserved characters.
func pctEncode(b *strings.Builder, s string) {
	const hexd = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
}

// DigitalLink returns the message as a GS1 Digital Link URI on base
// (e.g. "https://example.com/some/prefix"; "" means https://id.gs1.org).
// The first primary key in the message (01, 00, 414, 8004, …) and those of
// its qualifiers present form the path; every other element must be a
// permitted data attribute and goes into the query string in scan order.
func (m Message) DigitalLink(base string) (string, error) {
	if base == "" {
		base = defaultDLBase
	}
	if !isURL(base) {
		return "", errorf(codeDigitalLink, "", 0, "base %q must start with http:// or https://", base)
	}
	base = strings.TrimRight(base, "/")
	key := -1
	for i, e := range m.Elements {
		if d := lookup(e.AI); d != nil && d.dlKey {
			key = i
			break
		}
	}
	if key < 0 {
		return "", errorf(codeDigitalLink, "", 0, "no Digital Link primary key (such as (01) GTIN, (00) SSCC or (414) GLN) in the message")
	}
	kd := lookup(m.Elements[key].AI)
	// Pick the qualifier sequence that covers the most elements present.
	var best []string
	bestN := 0
	for _, alt := range kd.dlQuals {
		n := 0
		for _, q := range alt {
			if m.Has(q) {
				n++
			}
		}
		if n > bestN {
			best, bestN = alt, n
		}
	}
	inPath := func(ai string) bool {
		if ai == m.Elements[key].AI {
			return true
		}
		for _, q := range best {
			if q == ai {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	b.WriteString(base)
	write := func(ai, v string) {
		b.WriteByte('/')
		b.WriteString(ai)
		b.WriteByte('/')
		pctEncode(&b, v)
	}
	write(m.Elements[key].AI, m.Elements[key].Value)
	for _, q := range best {
		if v, ok := m.Get(q); ok {
			write(q, v)
		}
	}
	sep := byte('?')
	for _, e := range m.Elements {
		if inPath(e.AI) {
			continue
		}
		d := lookup(e.AI)
		if d == nil || !d.dlAttr {
			return "", errorf(codeDigitalLink, e.AI, 0, "(%s) %s cannot be carried in a Digital Link URI with key (%s)", e.AI, Title(e.AI), m.Elements[key].AI)
		}
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(e.AI)
		b.WriteByte('=')
		pctEncode(&b, e.Value)
	}
	return b.String(), nil
}
