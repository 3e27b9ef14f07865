package gs1

import (
	"errors"
	"reflect"
	"testing"
)

var tolerant = &Options{TolerateUnknown: true}

// TestTolerateUnknown: an unknown AI is kept when it can be delimited
// (predefined length by its first two digits, else up to the GS), marked
// in Message.Unknown; a malformed known AI is still refused.
func TestTolerateUnknown(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Element
		unknown  []string
		code     string // refusal code; "" = accepted
	}{
		{"variable unknown (252) before a lot", "]C1" + "01" + gtin + "252NEWDATA" + g + "10L7", els("01", gtin, "252", "NEWDATA", "10", "L7"), []string{"252"}, ""},
		{"unknown last, no GS", "]d2" + "01" + gtin + "10L7" + g + "7260X-1", els("01", gtin, "10", "L7", "7260", "X-1"), []string{"7260"}, ""},
		{"predefined (418) 13 digits, no GS after", "]C1" + "01" + gtin + "4181234567890123" + "17271231", els("01", gtin, "418", "1234567890123", "17", "271231"), []string{"418"}, ""},
		{"predefined (3106) 6 digits", "]C1" + "01" + gtin + "3106001250" + "10L7", els("01", gtin, "3106", "001250", "10", "L7"), []string{"3106"}, ""},
		{"prefix (14) the dictionary lacks", "]C1" + "01" + gtin + "14261231" + "10L7", els("01", gtin, "14", "261231", "10", "L7"), []string{"14"}, ""},
		{"two unknown AIs", "]C1" + "01" + gtin + "252A" + g + "7260B", els("01", gtin, "252", "A", "7260", "B"), []string{"252", "7260"}, ""},
		{"unknown repeated exactly", "]C1" + "01" + gtin + "252A" + g + "252A", els("01", gtin, "252", "A"), []string{"252"}, ""},
		{"bracketed unknown", "(01)" + gtin + "(252)NEW(10)L7", els("01", gtin, "252", "NEW", "10", "L7"), []string{"252"}, ""},
		{"unknown twice, two values", "]C1" + "01" + gtin + "252A" + g + "252B", nil, nil, codeDuplicate},
		{"predefined unknown cut short", "]C1" + "01" + gtin + "41812345", nil, nil, codeUnknownAI},
		{"prefix with no length known", "]C1" + "01" + gtin + "27ABC", nil, nil, codeUnknownAI},
		{"empty unknown value", "]C1" + "01" + gtin + "252" + g + "10L7", nil, nil, codeUnknownAI},
		{"known AI still strict: bad check digit", "]C1" + "01" + "09506000134353" + "252A", nil, nil, codeCheckDigit},
		{"known AI still strict: bad date", "]C1" + "01" + gtin + "252A" + g + "17271332", nil, nil, codeDate},
		{"known AI still strict: lot too long", "]C1" + "01" + gtin + "252A" + g + "10ABCDEFGHIJKLMNOPQRSTU", nil, nil, codeLength},
		{"req still applies to known AIs", "]C1" + "252A" + g + "10L7", nil, nil, codeMissingAI},
		{"unmarked unknown first is no GS1", "252ABC", nil, nil, codeNotGS1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse(tc.in, tolerant)
			if tc.code != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != tc.code {
					t.Fatalf("Parse(%q) = %v, %v; want code %s", tc.in, m.Elements, err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if !reflect.DeepEqual(m.Elements, tc.want) || !reflect.DeepEqual(m.Unknown, tc.unknown) {
				t.Fatalf("Parse(%q) = %v unknown %v; want %v unknown %v", tc.in, m.Elements, m.Unknown, tc.want, tc.unknown)
			}
			for _, ai := range tc.unknown {
				if !m.IsUnknown(ai) {
					t.Fatalf("IsUnknown(%s) = false", ai)
				}
			}
			if m.IsUnknown("01") {
				t.Fatal("(01) marked unknown")
			}
			// Strict parsing still refuses it as an unknown AI.
			if _, err := Parse(tc.in, nil); !errors.Is(err, ErrUnknownAI) {
				t.Fatalf("strict Parse(%q) = %v, want ErrUnknownAI", tc.in, err)
			}
		})
	}
}

// TestTolerantSameVerdicts: on every seed and every sample of the
// dictionary, tolerance changes nothing unless strict parsing refused an
// unknown AI.
func TestTolerantSameVerdicts(t *testing.T) {
	ins := append([]string(nil), fuzzSeeds...)
	eachAI(func(_ *aiDef, ai string) {
		if v, ok := sampleValue(ai); ok {
			ins = append(ins, "]C1"+ai+v, "]C1"+"01"+gtin+ai+v, ai+v)
		}
	})
	for _, in := range ins {
		sameUnlessUnknown(t, in)
	}
}

// sameUnlessUnknown fails when tolerant parsing of in differs from strict
// parsing where strict did not refuse an unknown AI.
func sameUnlessUnknown(t *testing.T, in string) {
	t.Helper()
	for _, seps := range [][]string{nil, {"<GS>", "~"}} {
		sm, serr := Parse(in, &Options{Separators: seps})
		tm, terr := Parse(in, &Options{Separators: seps, TolerateUnknown: true})
		if errors.Is(serr, ErrUnknownAI) {
			continue
		}
		if !reflect.DeepEqual(sm, tm) || !reflect.DeepEqual(serr, terr) {
			t.Fatalf("Parse(%q): strict %v, %v; tolerant %v, %v", in, sm, serr, tm, terr)
		}
	}
}

// FuzzTolerant: tolerant parsing never panics, agrees with strict parsing
// except where strict refused an unknown AI, and what it accepts reads
// back the same from its bracketed and element-string forms.
func FuzzTolerant(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sameUnlessUnknown(t, in)
		m, err := Parse(in, tolerant)
		if err != nil {
			if e, ok := asError(err); !ok || e.Code == "" || e.Pos < 0 || e.Pos > len(in) {
				t.Fatalf("Parse(%q): bad error %#v", in, err)
			}
			return
		}
		if len(m.Elements) == 0 {
			t.Fatalf("Parse(%q) accepted an empty message", in)
		}
		for _, ai := range m.Unknown {
			if lookup(ai) != nil {
				t.Fatalf("Parse(%q) marked known (%s) unknown", in, ai)
			}
		}
		for _, form := range []string{m.Bracketed(), "]d2" + m.ElementString()} {
			back, err := Parse(form, tolerant)
			if err != nil {
				t.Fatalf("Parse(%q) ok, but its form %q fails: %v", in, form, err)
			}
			if !reflect.DeepEqual(back.Elements, m.Elements) || !reflect.DeepEqual(back.Unknown, m.Unknown) {
				t.Fatalf("Parse(%q) = %v %v; via %q = %v %v", in, m.Elements, m.Unknown, form, back.Elements, back.Unknown)
			}
		}
	})
}
