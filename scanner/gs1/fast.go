package gs1

import "strings"

// The fast path for element strings, which nearly every scan is.
//
// fastElements validates exactly what parseElements validates, but gives
// up (ok = false) at the first thing it cannot settle cheaply: any error,
// an AI repeated with another value, (8030) with its digital-signature
// rule, an AI whose req or ex patterns cut across dictionary entries or
// need two AIs together. parseElements then parses the input from the
// start and gives the verdict and the explanation, so the fast path never
// refuses anything and never words an error. TestFastPathAgrees and
// FuzzFastPath hold the two paths to the same results.
//
// What makes it cheap: one flat eight-byte record per dictionary entry
// (fastDefs) instead of components and linter lists (an AI with several
// components, or more than two linters without a short form, has its
// value checked by checkValue instead); the AIs present as a
// bit set over dictionary entries, so req and ex are a few AND
// instructions per element; the end of a variable-length value found in
// the same pass that checks its characters; digits and check digit
// checked eight bytes at a time from the same loads; elements gathered on
// the stack and copied once into the only allocation, the returned slice.

// aiSet is a set of dictionary entries (aiTable indexes), one bit each.
type aiSet [4]uint64

// The dictionary must fit in an aiSet (and entry numbers in a uint8): a
// larger one fails to compile here rather than misbehave.
var _ [256 - len(aiTable)]struct{}

func (s *aiSet) add(i int)      { s[i>>6] |= 1 << (i & 63) }
func (s *aiSet) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }

// and reports whether s and t share an entry.
func (s *aiSet) and(t *aiSet) bool {
	return s[0]&t[0]|s[1]&t[1]|s[2]&t[2]|s[3]&t[3] != 0
}

// fastDef is what the fast path needs of one dictionary entry, packed in
// eight bytes.
type fastDef struct {
	minLen, maxLen uint8
	cset           cset
	nreq           uint8 // req rules, each an aiSet in fastRules.req
	flags          uint16
	lints          [2]linter // other linters, run in full; lintNone = none
}

// fastDef.flags.
const (
	fastFixed      = 1 << iota // predefined length: no separator follows it
	fastSlow                   // leave messages with this AI to parseElements
	fastEx                     // has ex rules
	fastReq                    // has req rules
	fastCsumDigits             // digits with a check digit, checked together
	fastCsum                   // check digit (any other value)
	fastGcp1                   // GS1 company prefix from the first character
	fastGcp2                   // GS1 company prefix from the second character
	fastDate                   // YYMMDD
	fastDate0                  // YYMMDD, DD may be 00
	fastOther                  // has lints: other linters, run in full
	fastWhole                  // several components: checkValue checks the value

	fastLints = fastCsum | fastGcp1 | fastGcp2 | fastDate | fastDate0 | fastOther // run by fastLint
)

// fastRules are one entry's req and ex rules as sets of entries.
type fastRules struct {
	ex  aiSet    // entries that must not appear with it (itself excluded)
	req [2]aiSet // each rule: at least one of these entries
}

// fastDefs and fastRules are built once at start-up from aiTable and are
// read-only afterwards, like aiTable itself.
var fastDefs, fastRulesOf = buildFastTables()

func buildFastTables() (*[len(aiTable)]fastDef, *[len(aiTable)]fastRules) {
	var (
		defs  [len(aiTable)]fastDef
		rules [len(aiTable)]fastRules
	)
	for i := range aiTable {
		d := &aiTable[i]
		f := &defs[i]
		ex, req := &rules[i].ex, &rules[i].req
		f.minLen, f.maxLen = uint8(d.minLen), uint8(d.maxLen)
		if d.fixed {
			f.flags |= fastFixed
		}
		if d.maxLen > 255 || d.first == "8030" {
			f.flags |= fastSlow // 8030 brings the digSig rule
			continue
		}
		slow := false
		c := &d.comps[0]
		f.cset = c.cset
		linters := c.linters
		if len(d.comps) != 1 {
			f.flags |= fastWhole
			linters = nil
		}
		for _, l := range linters {
			switch l {
			case lintCsum:
				if d.fixed && c.cset == csetN {
					f.flags |= fastCsumDigits
				} else {
					f.flags |= fastCsum
				}
			case lintGcppos1, lintGcppos2:
				// Four digits from the first (second) character: given by
				// the length and character set of most AIs.
				off := 0
				if l == lintGcppos2 {
					off = 1
				}
				if c.cset != csetN || d.minLen < off+4 {
					f.flags |= fastGcp1 << off
				}
			case lintYymmd0:
				f.flags |= fastDate0
			case lintYymmdd:
				f.flags |= fastDate
			default:
				k := 0
				for k < len(f.lints) && f.lints[k] != lintNone {
					k++
				}
				if k == len(f.lints) {
					f.flags |= fastWhole
					break
				}
				f.lints[k] = l
				f.flags |= fastOther
			}
		}
		if f.flags&fastWhole != 0 {
			f.flags &^= fastLints | fastCsumDigits
			f.lints = [2]linter{}
		}
		for _, pat := range d.ex {
			s, exact := entriesOf(patternRange(pat))
			slow = slow || !exact
			for w := range s {
				ex[w] |= s[w]
			}
		}
		// Another element of this same entry has a different AI of its
		// range (a repeat bails out), so its own bit is never a conflict.
		ex[i>>6] &^= 1 << (i & 63)
		if *ex != (aiSet{}) {
			f.flags |= fastEx
		}
		slow = slow || len(d.req) > len(req)
		for k, rule := range d.req[:min(len(d.req), len(req))] {
			for _, alt := range rule {
				if len(alt) != 1 {
					slow = true // "A+B": both must be present
					break
				}
				s, exact := entriesOf(patternRange(alt[0]))
				slow = slow || !exact
				for w := range s {
					req[k][w] |= s[w]
				}
			}
		}
		if len(d.req) > 0 {
			f.flags |= fastReq
			f.nreq = uint8(min(len(d.req), len(req)))
		}
		if slow {
			f.flags |= fastSlow
		}
	}
	return &defs, &rules
}

// entriesOf returns the dictionary entries holding AIs in r, and whether
// each such entry lies wholly inside r: only then does the presence of
// the entry mean the presence of an AI that matches the pattern.
func entriesOf(r keyRange) (aiSet, bool) {
	var s aiSet
	exact := true
	for k := int(r.lo); k <= int(r.hi); k++ {
		e := int(aiIndex[k]) - 1
		if e < 0 || s.has(e) {
			continue
		}
		s.add(e)
		d := &aiTable[e]
		if aiKey(d.first) < r.lo || aiKey(d.last) > r.hi {
			exact = false
		}
	}
	return s, exact
}

// isGS1Scan reports whether sym (three bytes) is the AIM identifier of a
// symbol that carries a GS1 element string.
func isGS1Scan(sym string) bool {
	switch sym {
	case "]C1", "]e0", "]d2", "]Q3", "]J1":
		return true
	}
	return false
}

// fastElements is parseElements for the element string at d[start:]
// without separator substitutes and without a leading EAN/UPC element.
// ok = false means "parse it the slow way", not that the data is wrong.
func fastElements(d string, start int) (elements []Element, ok bool) {
	i := start
	if i < len(d) && d[i] == gs {
		i++ // leading FNC1
	}
	if i >= len(d) {
		return nil, false
	}
	var (
		els   [maxStack]Element
		ents  [maxStack]uint8
		seen  aiSet // entries present
		n     int
		rules uint16 // union of the elements' flags
	)
	for i < len(d) {
		// The AI: two digits give its length, then its dictionary entry.
		if len(d)-i < 2 {
			return nil, false
		}
		a := d[i : i+2]
		c0, c1 := uint(a[0]-'0'), uint(a[1]-'0')
		if c0 > 9 || c1 > 9 {
			return nil, false
		}
		key := c0*10 + c1
		l := int(aiLenByPrefix[key])
		if l != 2 {
			if l == 0 || len(d)-i < l {
				return nil, false
			}
			for k := i + 2; k < i+l; k++ {
				c := uint(d[k] - '0')
				if c > 9 {
					return nil, false
				}
				key = key*10 + c
			}
			key += uint(slotBase(l))
			if key >= uint(len(aiIndex)) {
				return nil, false
			}
		}
		e := int(aiIndex[key]) - 1
		if e < 0 {
			return nil, false
		}
		f := &fastDefs[e]
		if f.flags&fastSlow != 0 {
			return nil, false
		}
		at, vs := i, i+l

		// The value: its end, length, characters, then linters.
		var v string
		if f.flags&fastWhole != 0 {
			// Several components, or many linters: the full parser's
			// value check decides (it allocates only to explain a fault).
			ve := len(d)
			if f.flags&fastFixed != 0 {
				ve = min(vs+int(f.maxLen), len(d))
			} else if j := strings.IndexByte(d[vs:], gs); j >= 0 {
				ve = vs + j
			}
			v = d[vs:ve]
			if checkValue(&aiTable[e], d[at:vs], v, vs) != nil {
				return nil, false
			}
			i = ve
			if i < len(d) && d[i] == gs {
				i++
			}
		} else if f.flags&fastFixed != 0 {
			ve := vs + int(f.maxLen)
			if ve > len(d) || f.minLen != f.maxLen {
				return nil, false
			}
			v = d[vs:ve]
			switch {
			case f.flags&fastCsumDigits != 0:
				ok = digitsWithCsum(v)
			case f.cset == csetN:
				ok = badDigit(v) < 0
			default:
				ok = badChar(f.cset, v) < 0
			}
			if !ok {
				return nil, false
			}
			i = ve
			if i < len(d) && d[i] == gs {
				i++
			}
		} else {
			// Scan to the first byte outside the set: GS (in no set) or
			// the end of the data ends the value; anything else is a bad
			// character, or a value longer than maxLen.
			w := d[vs:min(len(d), vs+int(f.maxLen))]
			j := spanOf(&csetTable[f.cset&3], w)
			v = w[:j]
			i = vs + j
			switch {
			case i == len(d):
			case d[i] == gs:
				i++
			default:
				return nil, false
			}
			if j < int(f.minLen) || f.cset == csetZ && badPadding(v) >= 0 {
				return nil, false
			}
		}
		if f.flags&fastLints != 0 && !fastLint(f, v) {
			return nil, false
		}

		if seen.has(e) {
			// The same AI again is fine when it repeats the value exactly
			// (it is kept once); anything else is for parseElements.
			k := 0
			for k < n && int(ents[k]) != e {
				k++
			}
			if k == n || els[k].AI != d[at:vs] || els[k].Value != v {
				return nil, false
			}
			continue
		}
		if n == maxStack {
			return nil, false
		}
		seen.add(e)
		els[n] = Element{AI: d[at:vs], Value: v}
		ents[n] = uint8(e)
		rules |= f.flags
		n++
	}
	if rules&(fastEx|fastReq) != 0 && !fastAssociations(&seen, ents[:n]) {
		return nil, false
	}
	out := make([]Element, n)
	copy(out, els[:n])
	return out, true
}

// fastAssociations checks the req and ex rules of the entries ents
// against the set of entries present.
func fastAssociations(seen *aiSet, ents []uint8) bool {
	for _, e := range ents {
		f := &fastDefs[e]
		if f.flags&(fastEx|fastReq) == 0 {
			continue
		}
		r := &fastRulesOf[e]
		if f.flags&fastEx != 0 && seen.and(&r.ex) ||
			f.nreq > 0 && !seen.and(&r.req[0]) ||
			f.nreq > 1 && !seen.and(&r.req[1]) {
			return false
		}
	}
	return true
}

// fastLint runs the linters flagged in f on v (already known to be of f's
// length and character set); false means "let the full linters decide",
// as with quickLint.
func fastLint(f *fastDef, v string) bool {
	if f.flags&fastCsum != 0 && (len(v) == 0 || csumDigit(v[:len(v)-1]) != v[len(v)-1]) {
		return false
	}
	if f.flags&fastGcp1 != 0 && !quickLint(lintGcppos1, v, false) ||
		f.flags&fastGcp2 != 0 && !quickLint(lintGcppos2, v, false) {
		return false
	}
	if f.flags&(fastDate|fastDate0) != 0 && !okYYMMDD(v, f.flags&fastDate0 != 0) {
		return false
	}
	if f.flags&fastOther != 0 {
		for _, l := range f.lints {
			if l == lintNone {
				break
			}
			if _, ok := runLinter(l, v); !ok {
				return false
			}
		}
	}
	return true
}

// digitsWithCsum reports whether v is all digits with a correct GS1 check
// digit at the end, loading each eight bytes once for both checks (see
// csumDigit for the lane arithmetic).
func digitsWithCsum(v string) bool {
	n := len(v) - 1 // the digits the check digit covers
	if n < 8 {
		return n >= 0 && badDigit(v) < 0 && csumDigit(v[:n]) == v[n]
	}
	var even, odd uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		x := le64(v[i : i+8])
		if !digits8x(x) {
			return false
		}
		even, odd = addLanes(x, even, odd)
	}
	if i < n {
		x := le64(v[n-8 : n])
		if !digits8x(x) {
			return false
		}
		even, odd = addLanes(x>>(8*(i-(n-8))), even, odd)
	}
	c := v[n]
	return c-'0' <= 9 && csumOfLanes(even, odd, n) == c
}
