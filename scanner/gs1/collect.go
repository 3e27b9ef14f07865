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
// with the patterns precompiled to key ranges.
func (c collector) associations() *Error {
	for k := range c.ents {
		ek := &c.ents[k]
		def := &aiTable[ek.idx]
		rules := &compiled[ek.idx]
		if rules.none {
			continue
		}
		for _, r := range rules.ex {
			if r.lo == r.hi && !c.has(r.lo) {
				continue
			}
			for j := range c.ents {
				if o := c.ents[j].key; o != ek.key && o >= r.lo && o <= r.hi {
					o, ai := strings.Clone(c.ents[j].el.AI), strings.Clone(ek.el.AI)
					return errorf(codeInvalidPair, o, int(c.ents[j].pos), "(%s) %s must not appear together with (%s) %s", o, Title(o), ai, def.title)
				}
			}
		}
	exact:
		for _, rk := range rules.reqExact {
			// Fast path: a req rule whose alternatives are single AIs.
			for _, k := range rk {
				if c.has(k) {
					continue exact
				}
			}
			ai := strings.Clone(ek.el.AI)
			return errorf(codeMissingAI, ai, int(ek.pos), "(%s) %s needs %s in the same barcode, and there is none", ai, def.title, describeReq(def.req[0]))
		}
	rules:
		for ri, rule := range rules.req {
			for _, alt := range rule {
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
			ai := strings.Clone(ek.el.AI)
			return errorf(codeMissingAI, ai, int(ek.pos), "(%s) %s needs %s in the same barcode, and there is none", ai, def.title, describeReq(def.req[ri]))
		}
	}
	return nil
}

// keyRange is an AI pattern ("31nn", "01") as an inclusive range of keys.
type keyRange struct{ lo, hi uint16 }

func patternRange(pat string) keyRange {
	lo := strings.ReplaceAll(pat, "n", "0")
	hi := strings.ReplaceAll(pat, "n", "9")
	return keyRange{aiKey(lo), aiKey(hi)}
}

type compiledRules struct {
	ex       []keyRange
	req      [][][]keyRange
	reqExact [][]uint16 // req when every rule's alternatives are single exact AIs (then req is nil)
	none     bool       // no ex and no req
}

// compiled holds each table entry's req/ex patterns as key ranges, built
// once at start-up from the generated table; read-only afterwards.
var compiled = func() []compiledRules {
	out := make([]compiledRules, len(aiTable))
	for i := range aiTable {
		d := &aiTable[i]
		for _, p := range d.ex {
			out[i].ex = append(out[i].ex, patternRange(p))
		}
		for _, rule := range d.req {
			var rr [][]keyRange
			for _, alt := range rule {
				var ar []keyRange
				for _, p := range alt {
					ar = append(ar, patternRange(p))
				}
				rr = append(rr, ar)
			}
			out[i].req = append(out[i].req, rr)
		}
		if simple := len(d.req) == 1; simple {
			var ks []uint16
			for _, alt := range out[i].req[0] {
				if len(alt) != 1 || alt[0].lo != alt[0].hi {
					simple = false
					break
				}
				ks = append(ks, alt[0].lo)
			}
			if simple {
				out[i].reqExact, out[i].req = [][]uint16{ks}, nil
			}
		}
		out[i].none = len(out[i].ex) == 0 && len(out[i].req) == 0 && len(out[i].reqExact) == 0
	}
	return out
}()
