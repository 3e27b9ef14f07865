package gs1

import "strings"

// entry is one accepted element with what the message-level checks need.
type entry struct {
	el  Element
	pos int32  // byte offset of the AI in the input
	key uint16 // aiKey(el.AI): compares AIs and patterns as integers
	idx uint16 // position of the AI's definition in aiTable
}

// collector gathers elements and enforces the message-level rules
// (duplicates, req, ex). Parsers keep it in a local variable over a stack
// array; its methods are small enough to inline, or take it by value, so
// escape analysis keeps that array off the heap.
type collector struct {
	ents []entry
	// bits[0:2] mark exactly the keys below 128 (two-digit AIs); bits[2]
	// marks every other key by key%64, a pre-test confirmed by findKey.
	bits [3]uint64
}

// keyBit: word 0 or 1 for keys below 128, word 2 (hashed) for the rest.
func keyBit(k uint16) (int, uint64) { return min(int(k>>6), 2), 1 << (k & 63) }

// has reports whether an element with this AI key is present.
func (c *collector) has(k uint16) bool {
	w, b := keyBit(k)
	return c.bits[w]&b != 0 && (k < 128 || findKey(c.ents, k) >= 0)
}

// aiKey numbers an AI uniquely across lengths, as aiIndex slots do.
func aiKey(ai string) uint16 { return uint16(slotBase(len(ai)) + atoiDigits(ai)) }

// newEntry makes the entry for a known AI.
func newEntry(ai, v string, pos int) entry {
	k := aiKey(ai)
	return entry{el: Element{AI: ai, Value: v}, pos: int32(pos), key: k, idx: aiIndex[k] - 1}
}

// newEntryKey is newEntry when the caller already has the key.
func newEntryKey(ai, v string, pos int, k uint16) entry {
	return entry{el: Element{AI: ai, Value: v}, pos: int32(pos), key: k, idx: aiIndex[k] - 1}
}

// add appends e unless its AI is already present; then it returns the
// index of the earlier entry (same value: drop e; different: an error).
func (c collector) add(e entry) (collector, int) {
	w, b := keyBit(e.key)
	if c.bits[w]&b != 0 {
		if k := findKey(c.ents, e.key); k >= 0 {
			return c, k
		}
	}
	c.ents = append(c.ents, e)
	c.bits[w] |= b
	return c, -1
}

func findKey(ents []entry, key uint16) int {
	for k := range ents {
		if ents[k].key == key {
			return k
		}
	}
	return -1
}

// dupError: nil when e repeats prev exactly (drop e), else the conflict.
func dupError(prev, e entry) *Error {
	if prev.el.Value == e.el.Value {
		return nil
	}
	ai, v, old := strings.Clone(e.el.AI), strings.Clone(e.el.Value), strings.Clone(prev.el.Value)
	return errorf(codeDuplicate, ai, int(e.pos), "(%s) %s appears twice with different values (%q and %q): the barcode is inconsistent", ai, Title(ai), old, v)
}

func (c collector) finish(form Form, sym string, ref refTime) (Message, error) {
	if e := c.associations(); e != nil {
		return Message{}, e
	}
	if c.bits[2] != 0 {
		if e := c.digSig(); e != nil {
			return Message{}, e
		}
	}
	out := make([]Element, len(c.ents))
	for i := range c.ents {
		out[i] = c.ents[i].el
	}
	return Message{Form: form, Symbology: sym, Elements: out, ref: ref}, nil
}

func (c collector) hasKey(r keyRange) bool {
	if r.lo == r.hi {
		return c.has(r.lo)
	}
	for k := range c.ents {
		if c.ents[k].key >= r.lo && c.ents[k].key <= r.hi {
			return true
		}
	}
	return false
}

// associations checks req (mandatory companions) and ex (invalid pairs)
// with the patterns precompiled: two-digit AIs as bit masks tested against
// the presence bits in a few instructions, the rest as key ranges.
func (c collector) associations() *Error {
	for k := range c.ents {
		ek := &c.ents[k]
		rules := &compiled[ek.idx]
		if rules.none {
			continue
		}
		self0, self1 := c.bits[0], c.bits[1]
		if ek.key < 128 {
			// An AI is not exclusive of itself even if it matches a pattern.
			w, b := keyBit(ek.key)
			if w == 0 {
				self0 &^= b
			} else {
				self1 &^= b
			}
		}
		if self0&rules.exLow[0]|self1&rules.exLow[1] != 0 {
			for j := range c.ents {
				if o := c.ents[j].key; o != ek.key && o < 128 && rules.exLow[o>>6]&(1<<(o&63)) != 0 {
					return c.pairError(j, k)
				}
			}
		}
		for _, r := range rules.exOther {
			if r.lo == r.hi && !c.has(r.lo) {
				continue
			}
			for j := range c.ents {
				if o := c.ents[j].key; o != ek.key && o >= r.lo && o <= r.hi {
					return c.pairError(j, k)
				}
			}
		}
	rules:
		for ri := range rules.req {
			rq := &rules.req[ri]
			if c.bits[0]&rq.low[0]|c.bits[1]&rq.low[1] != 0 {
				continue
			}
			for _, alt := range rq.other {
				all := true
				for _, r := range alt {
					if !c.hasKey(r) {
						all = false
						break
					}
				}
				if all {
					continue rules
				}
			}
			def := &aiTable[ek.idx]
			ai := strings.Clone(ek.el.AI)
			return errorf(codeMissingAI, ai, int(ek.pos), "(%s) %s needs %s in the same barcode, and there is none", ai, def.title, describeReq(def.req[ri]))
		}
	}
	return nil
}

// pairError reports entry j as an invalid companion of entry k.
func (c collector) pairError(j, k int) *Error {
	o, ai := strings.Clone(c.ents[j].el.AI), strings.Clone(c.ents[k].el.AI)
	return errorf(codeInvalidPair, o, int(c.ents[j].pos), "(%s) %s must not appear together with (%s) %s", o, Title(o), ai, aiTable[c.ents[k].idx].title)
}

// keyRange is an AI pattern ("31nn", "01") as an inclusive range of keys.
type keyRange struct{ lo, hi uint16 }

func patternRange(pat string) keyRange {
	lo := strings.ReplaceAll(pat, "n", "0")
	hi := strings.ReplaceAll(pat, "n", "9")
	return keyRange{aiKey(lo), aiKey(hi)}
}

// reqCompiled is one req rule: alternatives that are a single two-digit
// AI as a mask, every other alternative as ranges that must all be present.
type reqCompiled struct {
	low   [2]uint64
	other [][]keyRange
}

type compiledRules struct {
	exLow   [2]uint64  // two-digit AIs that must not appear
	exOther []keyRange // other ex patterns
	req     []reqCompiled
	none    bool // no ex and no req
}

// compiled holds each table entry's req/ex patterns, built once at
// start-up from the generated table; read-only afterwards.
var compiled = func() []compiledRules {
	out := make([]compiledRules, len(aiTable))
	for i := range aiTable {
		d := &aiTable[i]
		cr := &out[i]
		for _, p := range d.ex {
			r := patternRange(p)
			if r.lo == r.hi && r.lo < 128 {
				cr.exLow[r.lo>>6] |= 1 << (r.lo & 63)
			} else {
				cr.exOther = append(cr.exOther, r)
			}
		}
		for _, rule := range d.req {
			var rq reqCompiled
			for _, alt := range rule {
				if len(alt) == 1 {
					if r := patternRange(alt[0]); r.lo == r.hi && r.lo < 128 {
						rq.low[r.lo>>6] |= 1 << (r.lo & 63)
						continue
					}
				}
				var ar []keyRange
				for _, p := range alt {
					ar = append(ar, patternRange(p))
				}
				rq.other = append(rq.other, ar)
			}
			cr.req = append(cr.req, rq)
		}
		cr.none = len(d.ex) == 0 && len(d.req) == 0
	}
	return out
}()

// Keys of the AIs in the digital-signature rule below.
var keyDigSig, keyGDTI, keyGCN, keyGRAI = aiKey("8030"), aiKey("253"), aiKey("255"), aiKey("8003")

// digSig applies GS1's rule beyond the dictionary's req: a digital
// signature (8030) may only sign a serialised GDTI, GCN or GRAI, so
// (253), (255) and (8003) must then carry their optional serial part.
func (c collector) digSig() *Error {
	if !c.has(keyDigSig) {
		return nil
	}
	for k := range c.ents {
		e := &c.ents[k]
		var plain int
		switch e.key {
		case keyGDTI, keyGCN:
			plain = 13
		case keyGRAI:
			plain = 14
		default:
			continue
		}
		if len(e.el.Value) == plain {
			ai := strings.Clone(e.el.AI)
			return errorf(codeMissingAI, ai, int(e.pos), "(%s) %s is signed by (8030) DIGSIG but has no serial component: a digital signature needs a serialised key", ai, Title(ai))
		}
	}
	return nil
}
