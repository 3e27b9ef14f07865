package gs1

import (
	"strings"
)

// defaultDLBase is the GS1 resolver used when DigitalLink gets no base.
const defaultDLBase = "https://id.gs1.org"

// parseDL reads an uncompressed GS1 Digital Link URI starting at byte
// start: any scheme-http(s) domain and path prefix, then the primary key
// and its qualifiers as /AI/value pairs, then AI=value query attributes.
// A URL without a GS1 primary key path is ErrNotGS1 (a plain web link).
func (p *parser) parseDL(start int, sym string) (Message, error) {
	d := p.data
	for j := start; j < len(d); j++ {
		if c := d[j]; c <= ' ' || c >= 0x7f {
			return Message{}, errorf(codeDigitalLink, "", j, "%s is not allowed in a URI", showChar(c))
		}
	}
	i := start + strings.IndexByte(d[start:], ':') + 3 // past "://"
	hostEnd := i
	for hostEnd < len(d) && d[hostEnd] != '/' && d[hostEnd] != '?' && d[hostEnd] != '#' {
		hostEnd++
	}
	if hostEnd == i {
		return Message{}, errorf(codeDigitalLink, "", i, "the URI has no domain name")
	}
	pathEnd := hostEnd
	for pathEnd < len(d) && d[pathEnd] != '?' && d[pathEnd] != '#' {
		pathEnd++
	}
	qEnd := pathEnd
	if qEnd < len(d) && d[qEnd] == '?' {
		qEnd++
		for qEnd < len(d) && d[qEnd] != '#' {
			qEnd++
		}
	}

	// Path segments with their offsets; at most a few dozen in practice.
	var sbuf [24]int
	segs := sbuf[:0]
	segEnd := pathEnd
	if segEnd > hostEnd+1 && d[segEnd-1] == '/' {
		segEnd-- // a trailing "/" adds no segment
	}
	for j := hostEnd; j < segEnd; j++ {
		if d[j] == '/' {
			segs = append(segs, j+1)
		}
	}
	seg := func(k int) string {
		e := segEnd
		if k+1 < len(segs) {
			e = segs[k+1] - 1
		}
		return d[segs[k]:e]
	}
	// The key is the first segment from which the rest of the path is a
	// run of /AI/value pairs headed by a Digital Link primary key.
	key := -1
find:
	for k := 0; k+1 < len(segs); k++ {
		if (len(segs)-k)%2 != 0 {
			continue
		}
		if kd := lookup(seg(k)); kd == nil || !kd.dlKey {
			continue
		}
		for j := k + 2; j < len(segs); j += 2 {
			if lookup(seg(j)) == nil {
				continue find
			}
		}
		key = k
		break
	}
	if key < 0 {
		return Message{}, notGS1("the URL is not a GS1 Digital Link (no /01/…, /00/…, /414/… key in its path)")
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
		v, err := pctDecode(seg(k+1), segs[k+1], ai)
		if err != nil {
			return Message{}, err
		}
		vpos := segs[k+1]
		if ai == "01" && (len(v) == 8 || len(v) == 12 || len(v) == 13) && allDigits(v) && len(v) == len(seg(k+1)) {
			vpos -= 14 - len(v)               // error offsets count the padding
			v = "00000000000000"[len(v):] + v // GTIN-8/12/13 written short in the path
		}
		if e := checkValue(def, ai, v, vpos); e != nil {
			if e.Pos < segs[k+1] {
				e.Pos = segs[k+1]
			}
			return Message{}, e
		}
		if en := newEntry(ai, v, segs[k]); true {
			var dup int
			if c, dup = c.add(en); dup >= 0 {
				if e := dupError(c.ents[dup], en); e != nil {
					return Message{}, e
				}
			}
		}
	}
	if e := qualifierOrder(keyDef, c.ents); e != nil {
		return Message{}, e
	}
	nPath := len(c.ents)
	// Query attributes: numeric keys are AIs, anything else (linkType,
	// context, …) belongs to the resolver and is ignored.
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
			for q := 0; q < nPath; q++ {
				if c.ents[q].el.AI == ai {
					return Message{}, errorf(codeDigitalLink, ai, j, "(%s) %s is both in the path and in the query string", ai, def.title)
				}
			}
			v, err := pctDecode(kv[eq+1:], j+eq+1, ai)
			if err != nil {
				return Message{}, err
			}
			if e := checkValue(def, ai, v, j+eq+1); e != nil {
				return Message{}, e
			}
			if en := newEntry(ai, v, j); true {
				var dup int
				if c, dup = c.add(en); dup >= 0 {
					if e := dupError(c.ents[dup], en); e != nil {
						return Message{}, e
					}
				}
			}
		}
		j = e + 1
	}
	return c.finish(FormDL, sym, p.ref)
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
// qualifier sequences in order (e.g. 01 → 22, 10, 21), without mixing.
func qualifierOrder(key *aiDef, els []entry) *Error {
	if len(els) < 2 {
		return nil
	}
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
		return nil
	}
	var want []string
	for _, alt := range key.dlQuals {
		want = append(want, "/"+strings.Join(alt, "/"))
	}
	ai := strings.Clone(els[1].el.AI)
	return errorf(codeDigitalLink, ai, int(els[1].pos), "the key qualifiers after (%s) are out of order or mixed: allowed order is %s", strings.Clone(els[0].el.AI), strings.Join(want, " or "))
}

// pctDecode resolves %XX escapes; pos is the offset of s in the input.
func pctDecode(s string, pos int, ai string) (string, *Error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
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
