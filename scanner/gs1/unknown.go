package gs1

import "slices"

// Unknown Application Identifiers.
//
// GS1 adds AIs every year; a label printed after this build's dictionary
// may carry one. Strict parsing refuses the whole scan for it. With
// Options.TolerateUnknown set, an AI the dictionary does not know is kept
// when it can be delimited without knowing it: its length comes from its
// first two digits (every AI sharing two leading digits has the same
// length), its value's length from the GS1 General Specifications' table
// of element strings with a predefined length (same first two digits),
// and any other value runs to the next GS or the end. The message lists
// such AIs in Message.Unknown. Known AIs keep every rule: a malformed
// known AI is refused as before.

// predefined is the GS1 General Specifications table of element strings
// with a predefined length, indexed by the AI's first two digits: the AI's
// length and the element's total length (AI plus value), 0 when the
// prefix is not in the table. It covers prefixes no dictionary AI uses yet
// (03, 04, 14, 18, 19), which the dictionary alone cannot delimit.
var predefined = func() (t [100]struct{ ai, total uint8 }) {
	for _, p := range []struct{ pfx, ai, total uint8 }{
		{0, 2, 20}, {1, 2, 16}, {2, 2, 16}, {3, 2, 16}, {4, 2, 18},
		{11, 2, 8}, {12, 2, 8}, {13, 2, 8}, {14, 2, 8}, {15, 2, 8},
		{16, 2, 8}, {17, 2, 8}, {18, 2, 8}, {19, 2, 8}, {20, 2, 4},
		{31, 4, 10}, {32, 4, 10}, {33, 4, 10}, {34, 4, 10}, {35, 4, 10},
		{36, 4, 10}, {41, 3, 16},
	} {
		t[p.pfx].ai, t[p.pfx].total = p.ai, p.total
	}
	return t
}()

// unknownElement delimits the unknown AI at byte i of an element string:
// the entry to keep, where the next element starts, and ok = false when it
// cannot be delimited (no known length for its first two digits, the data
// ends inside it, an empty value or a character no GS1 AI may carry).
func (p *parser) unknownElement(i int) (en entry, next int, ok bool) {
	d := p.data
	if i+2 > len(d) || d[i] < '0' || d[i] > '9' || d[i+1] < '0' || d[i+1] > '9' {
		return entry{}, 0, false
	}
	pfx := int(d[i]-'0')*10 + int(d[i+1]-'0')
	l := int(aiLenByPrefix[pfx])
	if l == 0 {
		l = int(predefined[pfx].ai)
	}
	if l == 0 || i+l > len(d) || !allDigits(d[i:i+l]) {
		return entry{}, 0, false
	}
	vs := i + l
	var ve int
	if pd := predefined[pfx]; pd.total != 0 && int(pd.ai) == l {
		ve = i + int(pd.total)
		if ve > len(d) {
			return entry{}, 0, false
		}
		for j := vs; j < ve; j++ {
			if p.sepAt(j) > 0 {
				return entry{}, 0, false // a GS inside a predefined length
			}
		}
		next = ve + p.sepAt(ve)
	} else {
		j, n := p.nextSep(vs)
		ve, next = j, j+n
	}
	v := d[vs:ve]
	if v == "" || badChar(csetX, v) >= 0 {
		return entry{}, 0, false
	}
	return entry{el: Element{AI: d[i:vs], Value: v}, pos: int32(i)}, next, true
}

// unknownFits reports whether a bracketed unknown AI and its value could
// also be delimited in an element string: the AI has the length its first
// two digits give, a predefined-length value has that length, and the
// value is one GS1 could carry. Only then is it kept, so every form of
// the message reads back the same.
func unknownFits(ai, v string) bool {
	pfx := int(ai[0]-'0')*10 + int(ai[1]-'0')
	l := int(aiLenByPrefix[pfx])
	if l == 0 {
		l = int(predefined[pfx].ai)
	}
	if l != len(ai) || v == "" || badChar(csetX, v) >= 0 {
		return false
	}
	if pd := predefined[pfx]; pd.total != 0 && int(pd.ai) == l {
		return len(ai)+len(v) == int(pd.total)
	}
	return true
}

// addUnknown keeps en among the unknown elements found so far: an exact
// repeat is dropped, the same AI with another value is refused.
func addUnknown(unk []entry, en entry) ([]entry, *Error) {
	for _, u := range unk {
		if u.el.AI == en.el.AI {
			if u.el.Value == en.el.Value {
				return unk, nil
			}
			return unk, errorf(codeDuplicate, en.el.AI, int(en.pos), "(%s) appears twice with different values (%q and %q): the barcode is inconsistent", en.el.AI, u.el.Value, en.el.Value)
		}
	}
	return append(unk, en), nil
}

// withUnknown merges the unknown elements into m in scan order (pos of
// each known element in known) and lists their AIs in m.Unknown.
func withUnknown(m Message, known []entry, unk []entry) Message {
	all := make([]entry, 0, len(known)+len(unk))
	all = append(all, known...)
	all = append(all, unk...)
	slices.SortStableFunc(all, func(a, b entry) int { return int(a.pos - b.pos) })
	m.Elements = make([]Element, len(all))
	for i := range all {
		m.Elements[i] = all[i].el
	}
	m.Unknown = make([]string, len(unk))
	for i := range unk {
		m.Unknown[i] = unk[i].el.AI
	}
	return m
}

// IsUnknown reports whether ai is one of the message's AIs the dictionary
// does not know (kept under Options.TolerateUnknown).
func (m Message) IsUnknown(ai string) bool { return slices.Contains(m.Unknown, ai) }
