package flow

import "testing"

// TestSeparators: a source that once sent a GS between two elements has
// its later scans taken as they read; other sources, keyed entries and a
// GS only at the start or end prove nothing.
func TestSeparators(t *testing.T) {
	held := func() Input { return Input{Unsplit: "(10)L1(21)SN-9", UnsplitAI: [2]string{"10", "21"}} }
	m := Separators{}
	steps := []struct {
		source, raw string
		keyed, held bool
	}{
		{"serial:a", "]C1\x1d0109506000134352" + "10L121SN-9", false, true}, // leading GS: FNC1
		{"serial:a", "]C10109506000134352" + "10L121SN-9\x1d", false, true}, // trailing GS
		{"serial:b", "]C10109506000134352" + "10L1\x1d21SN-9", true, true},  // keyed: nothing learnt
		{"serial:b", "0109506000134352" + "10L1\x1d21SN-9", false, false},   // b keeps separators
		{"serial:b", "]C10109506000134352" + "10L121SN-9", false, false},    // so b is trusted
		{"serial:a", "]C10109506000134352" + "10L121SN-9", false, true},     // a is not
		{"", "]C10109506000134352" + "10L1\x1d21SN-9", false, true},         // no source: nothing done
		{"", "]C10109506000134352" + "10L121SN-9", false, true},
		{"serial:b", "]C10109506000134352" + "10L121SN-9", true, true}, // keyed on b: still held
	}
	for i, s := range steps {
		in := held()
		m.Apply(s.source, s.raw, s.keyed, &in)
		if got := in.Unsplit != ""; got != s.held {
			t.Errorf("step %d (%s %q keyed %v): held %v, want %v", i, s.source, s.raw, s.keyed, got, s.held)
		}
	}
}
