package flow

import (
	"slices"
	"strings"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/scanner/gs1"
)

// FlagKeptWhole marks an event whose barcode had a value that may have
// swallowed another AI (a lot ending in "21…" read without its GS), kept
// whole because the operator confirmed it or keyed it.
const FlagKeptWhole = "gs1_kept_whole"

// keptWhole is a value the operator confirmed as it reads: the AI it came
// under and the value.
type keptWhole struct{ ai, value string }

// holdUnsplit is the rule for a scan whose value may hide another AI: a
// scanner that dropped the GS between (10) and (21) turns lot L1 and serial
// SN-9 into one lot "L121SN-9", and recording that would put a wrong lot on
// the ledger. The first such scan is refused and held; the same scan again
// confirms it. A keyed entry is what the person typed and passes. Station
// mode has nobody to confirm and refuses it. It returns ok=false with the
// state and outcome to answer when the scan is held.
func (s State) holdUnsplit(cat Catalog, in Input) (State, Outcome, bool) {
	if in.Unsplit == "" || in.Cmd != CmdNone || s.wf == Lookup {
		return s, Outcome{}, true
	}
	host, hidden := in.UnsplitAI[0], in.UnsplitAI[1]
	what := aiWord(host)
	if v := unsplitValue(in, host); v != "" {
		what += " " + v
	}
	hid := strings.ToLower(aiWord(hidden))
	if i := strings.Index(in.Unsplit, "("+hidden+")"); i >= 0 {
		hid += " " + in.Unsplit[i+len(hidden)+2:]
	}
	if s.ctx.Unattended && !in.Keyed {
		return s, s.outcome(cat, errorf("Refused: %s may hide %s (GS dropped by the scanner?). Check the scanner's GS setting. With GS: %s",
			what, hid, in.Unsplit)), false
	}
	if !in.Keyed && s.held != in.Raw && !slices.Contains(s.whole, wholeOf(in)) {
		n := s
		n.held = in.Raw
		return n, n.outcome(cat, errorf("%s may hide %s (GS dropped?). Scan again to keep it, or key it. With GS: %s",
			what, hid, in.Unsplit)), false
	}
	return s, Outcome{}, true
}

// aiWord names the AIs holdUnsplit speaks of in floor words.
func aiWord(ai string) string {
	switch ai {
	case "10":
		return "Lot"
	case "21":
		return "Serial"
	case "17":
		return "Expiry"
	case "30", "37":
		return "Count"
	}
	return "(" + ai + ") " + gs1.Title(ai)
}

// unsplitValue is the decoded value of host in in, where the engine keeps it.
func unsplitValue(in Input, host string) string {
	switch host {
	case "10":
		return in.Lot
	case "21":
		return in.Serial
	}
	return ""
}

// noteKeptWhole stamps FlagKeptWhole on the actions that carry a value
// the operator confirmed whole.
func (s State) noteKeptWhole(actions []inventory.Event) {
	for i := range actions {
		a := &actions[i]
		for _, k := range s.whole {
			hit := (k.ai == "10" && a.Lot == k.value) || (k.ai == "21" && a.Serial == k.value) || (k.ai != "10" && k.ai != "21" && a.Raw == k.value)
			if hit && !slices.Contains(a.Flags, FlagKeptWhole) {
				a.Flags = append(a.Flags, FlagKeptWhole)
			}
		}
	}
}

// wholeOf is in's doubtful value as keepWhole remembers it.
func wholeOf(in Input) keptWhole {
	host := in.UnsplitAI[0]
	v := unsplitValue(in, host)
	if v == "" {
		v = in.Raw
	}
	return keptWhole{host, v}
}

// keepWhole remembers in's doubtful value as confirmed for the rest of
// the workflow: the next case of the same lot is not held again.
func (s *State) keepWhole(in Input) {
	k := wholeOf(in)
	if !slices.Contains(s.whole, k) {
		s.whole = append(slices.Clip(s.whole), k)
	}
}

// Separators remembers, per scan source (a scanner's name), whether it
// has sent a GS between two elements. Such a scanner keeps separators, so
// its later scans are not held as ones whose lot or serial may have
// swallowed another element: a serial "SN1021" from it is that serial.
// (A scan with one variable-length element, last, carries no GS even from
// a scanner that keeps them, which is why the source is remembered.) The
// memory lasts while the program runs; a keyed entry proves nothing.
type Separators map[string]bool

// Apply notes the scan raw from source and clears in's hold when the
// source keeps separators.
func (m Separators) Apply(source, raw string, keyed bool, in *Input) {
	if keyed || source == "" || m == nil {
		return
	}
	if keepsGS(raw) {
		m[source] = true
	}
	if m[source] {
		in.Unsplit, in.UnsplitAI = "", [2]string{}
	}
}

// keepsGS reports whether raw holds a GS between two elements: not the
// leading one that stands for FNC1, nor a trailing one.
func keepsGS(raw string) bool {
	if len(raw) >= 3 && raw[0] == ']' {
		raw = raw[3:] // the AIM symbology identifier
	}
	return strings.Contains(strings.Trim(raw, "\x1d"), "\x1d")
}
