package gs1

import (
	"reflect"
	"strings"
	"testing"
)

// agree parses in with and without the fast path and fails the test when
// the two differ in anything: form, elements, error code, AI, position or
// wording. It also reports whether the input is valid and whether the
// fast path itself accepted it.
func agree(t *testing.T, in string, opt *Options) (valid, fastOK bool) {
	t.Helper()
	fm, ferr := parse(in, opt, true)
	sm, serr := parse(in, opt, false)
	if !reflect.DeepEqual(ferr, serr) || !reflect.DeepEqual(fm, sm) {
		t.Fatalf("%q: fast path gives (%v, %v), slow path (%v, %v)", in, fm, ferr, sm, serr)
	}
	if len(in) > 3 && isGS1Scan(in[:3]) {
		_, fastOK = fastElements(in, 3)
		if fastOK && serr != nil {
			t.Fatalf("%q: the fast path accepts what the slow path refuses: %v", in, serr)
		}
	}
	return serr == nil, fastOK
}

// TestFastPathAgrees holds the fast path to the slow path's verdicts on
// every AI of the dictionary, alone, after a GTIN, and in every pair —
// which exercises each req and ex rule both ways — plus repeats, bad
// values and the inputs of the other tests.
func TestFastPathAgrees(t *testing.T) {
	var samples []string // AI + valid value, one per AI of the dictionary
	eachAI(func(_ *aiDef, ai string) {
		v, ok := sampleValue(ai)
		if !ok {
			t.Fatalf("no sample value for (%s)", ai)
		}
		samples = append(samples, ai+v)
	})
	valid, taken := 0, 0
	for _, x := range samples {
		for _, in := range []string{
			"]C1" + x, "]d2" + g + x + g, "]C1" + "01" + gtin + x, "]C1" + x + g + x,
			"]C1" + x + "1", "]C1" + x[:len(x)-1], "]C1" + x + g + "10" + "OTHER",
		} {
			ok, fast := agree(t, in, nil)
			if ok {
				valid++
			}
			if fast {
				taken++
			}
		}
		for _, y := range samples {
			agree(t, "]C1"+x+g+y, nil)
		}
	}
	for _, in := range fuzzSeeds {
		agree(t, in, nil)
		agree(t, in, &Options{Separators: []string{"<GS>", "~"}})
	}
	// Most valid inputs take the fast path (the rest carry AIs with rarer
	// linters or several components); a change that quietly sends them
	// the slow way shows up here rather than only in the benchmarks.
	t.Logf("the fast path decided %d of the %d valid inputs", taken, valid)
	if taken < valid/2 {
		t.Errorf("the fast path decided only %d of %d valid inputs", taken, valid)
	}
}

// TestFastPathTakesTypicalScans: the scans the benchmarks and the floor
// see most are decided by the fast path.
func TestFastPathTakesTypicalScans(t *testing.T) {
	for _, in := range []string{
		benchGS1128, benchDM, scan01, "]C100" + sscc, "]d201" + gtin + "21ABC" + g + "10L1",
		"]C100" + sscc + "4300ACME%20Ltd" + g + "4307GB" + g + "4321" + "1",            // ship-to on a logistic label
		"]d2" + "8003" + "09506000000015" + "SN1" + g + "253" + "9506000000008" + "D7", // GRAI and GDTI: several components
	} {
		if _, fast := agree(t, in, nil); !fast {
			t.Errorf("%q went the slow way", in)
		}
	}
}

// FuzzFastPath: whatever the input, the fast path never accepts what the
// slow path refuses, and Parse's answer is the same either way.
func FuzzFastPath(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(strings.TrimPrefix(s, "]C1"))
	}
	f.Add("01" + gtin + "17261231" + "10ABC" + g + "21S1")
	f.Add("3103001250" + "01" + gtin)
	f.Add("01" + gtin + "3103001250" + "3102000100")
	f.Fuzz(func(t *testing.T, body string) {
		agree(t, "]C1"+body, nil)
		agree(t, body, nil)
	})
}
