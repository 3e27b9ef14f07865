package gs1

import (
	"reflect"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	scan01,
	"]d2" + "01" + gtin + "11250101" + "17271231" + "3103001250" + "10LOT(1)" + g + "21S/N" + g + "30" + "12",
	"]C100" + sscc + "4300ACME%20Ltd" + g + "4307GB" + g + "4321" + "1",
	"(01)" + gtin + "(10)ABC(17)261200",
	"(414)" + gln + "(254)BIN-7",
	"(8004)9506ABC(7040)1A2_",
	"(8018)" + gsrn + "(7250)20240229(7259)BABY(7258)1/2",
	"]e08110012345612345611110123",
	"]d28013" + gmn,
	"4006381333931",
	"]E496385074",
	"https://id.gs1.org/01/" + gtin + "/22/V%2D1/10/A%26B/21/1?17=261231&3103=001250",
	"https://example.com/x/414/" + gln + "/254/7?linkType=all",
	"]d201" + gtin + "10ABC12321SERIAL01234567890123",
	"LOC-A01",
	"]A0ABC",
	"01-A-03",
	"]C10109506000134352" + g + g,
	"(01" + gtin,
}

// FuzzParse: Parse never panics, every accepted message re-parses to the
// same elements from each output form, and the output of a failed parse is
// a positioned *Error inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	opts := &Options{Separators: []string{"<GS>", "~"}}
	f.Fuzz(func(t *testing.T, in string) {
		for _, opt := range []*Options{nil, opts} {
			m, err := Parse(in, opt)
			if err != nil {
				e, ok := asError(err)
				if !ok || e.Code == "" || e.Message == "" || e.Pos < 0 || e.Pos > len(in) {
					t.Fatalf("Parse(%q): bad error %#v", in, err)
				}
				continue
			}
			if len(m.Elements) == 0 {
				t.Fatalf("Parse(%q) accepted an empty message", in)
			}
			checkRoundTrips(t, in, m)
		}
	})
}

func checkRoundTrips(t *testing.T, in string, m Message) {
	t.Helper()
	for _, form := range []string{m.Bracketed(), "]d2" + m.ElementString(), g + m.ElementString()} {
		back, err := Parse(form, nil)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its form %q fails: %v", in, form, err)
		}
		if !reflect.DeepEqual(back.Elements, m.Elements) {
			t.Fatalf("Parse(%q) = %v; via %q = %v", in, m.Elements, form, back.Elements)
		}
	}
	if dl, err := m.DigitalLink(""); err == nil {
		back, err := Parse(dl, nil)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its Digital Link %q fails: %v", in, dl, err)
		}
		if !sameSet(back.Elements, m.Elements) {
			t.Fatalf("Parse(%q) = %v; via %q = %v", in, m.Elements, dl, back.Elements)
		}
	}
}

// FuzzDigitalLink drives the Digital Link parser with arbitrary paths and
// query strings under a fixed resolver.
func FuzzDigitalLink(f *testing.F) {
	for _, s := range []string{
		"01/" + gtin + "/10/ABC/21/123?17=261231",
		"a/b/01/9506000134352/21/X%2F1?3103=001250&linkType=gs1:pip#x",
		"414/" + gln + "/254/7",
		"00/" + sscc,
		"01/" + gtin + "/21/1/10/A",
		"01/" + gtin + "?21=1",
		"8004/9506ABC/7040/1A2_",
		"8006/195060001343590102/22/A",
		"01/" + gtin + "/235/TPX1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		in := "https://id.gs1.org/" + rest
		m, err := Parse(in, nil)
		if err != nil {
			if e, ok := asError(err); !ok || e.Pos < 0 || e.Pos > len(in) {
				t.Fatalf("Parse(%q): bad error %#v", in, err)
			}
			return
		}
		if m.Form != FormDL {
			t.Fatalf("Parse(%q).Form = %q", in, m.Form)
		}
		checkRoundTrips(t, in, m)
		if strings.ContainsAny(rest, "\x1d") {
			t.Fatalf("Parse(%q) accepted a GS inside a URI", in)
		}
	})
}
