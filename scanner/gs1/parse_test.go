package gs1

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	gtin   = "09506000134352"
	sscc   = "006141411234567890"
	gln    = "9506000000008"
	gsrn   = "950600000000123459"
	gsin   = "95060000000012346"
	gmn    = "1987654Ad4X4bL5ttr2310c2K"
	g      = "\x1d"
	scan01 = "]C1010950600013435217261231101234" + g + "21XYZ"
)

func els(kv ...string) []Element {
	var out []Element
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Element{kv[i], kv[i+1]})
	}
	return out
}

// TestParseValid covers every input form and a spread of AIs, linters and
// components.
func TestParseValid(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		opt      *Options
		form     Form
		sym      string
		want     []Element
	}{
		{"gs1-128 typical", scan01, nil, FormScan, "]C1", els("01", gtin, "17", "261231", "10", "1234", "21", "XYZ")},
		{"databar", "]e0" + "01" + gtin + "3103001250", nil, FormScan, "]e0", els("01", gtin, "3103", "001250")},
		{"datamatrix leading GS", "]d2" + g + "01" + gtin + "21ABC", nil, FormScan, "]d2", els("01", gtin, "21", "ABC")},
		{"qr gs1", "]Q3" + "00" + sscc, nil, FormScan, "]Q3", els("00", sscc)},
		{"dotcode", "]J1" + "414" + gln + "254A1-B", nil, FormScan, "]J1", els("414", gln, "254", "A1-B")},
		{"trailing GS tolerated", "]C1" + "01" + gtin + "10AB" + g, nil, FormScan, "]C1", els("01", gtin, "10", "AB")},
		{"GS after fixed AI tolerated", "]C1" + "01" + gtin + g + "10AB", nil, FormScan, "]C1", els("01", gtin, "10", "AB")},
		{"element with leading GS", g + "01" + gtin + "10AB" + g + "21C", nil, FormElement, "", els("01", gtin, "10", "AB", "21", "C")},
		{"element without leading GS", "01" + gtin + "17261200", nil, FormElement, "", els("01", gtin, "17", "261200")},
		{"bracketed", "(01)" + gtin + "(10)ABC(17)261231", nil, FormBracketed, "", els("01", gtin, "10", "ABC", "17", "261231")},
		{"bracketed escaped paren and spaces", "(01) " + gtin + " (10) A\\(B", nil, FormBracketed, "", els("01", gtin, "10", "A(B")},
		{"gtin-13", "4006381333931", nil, FormGTIN, "", els("01", "04006381333931")},
		{"gtin-8", "96385074", nil, FormGTIN, "", els("01", "00000096385074")},
		{"upc-a", "036000291452", nil, FormGTIN, "", els("01", "00036000291452")},
		{"gtin-14", gtin, nil, FormGTIN, "", els("01", gtin)},
		{"ean-13 aim", "]E04006381333931", nil, FormGTIN, "]E0", els("01", "04006381333931")},
		{"ean-8 aim", "]E496385074", nil, FormGTIN, "]E4", els("01", "00000096385074")},
		{"ean-13 with composite", "]E02112345678900|]e010ABC" + g + "17261231", nil, FormGTIN, "]E0", els("01", "02112345678900", "10", "ABC", "17", "261231")},
		{"ean-8 with composite", "]E402345673|]e099COMPOSITE" + g + "98XYZ", nil, FormGTIN, "]E4", els("01", "00000002345673", "99", "COMPOSITE", "98", "XYZ")},
		{"ean-13 add-on dropped", "]E3400638133393112", nil, FormGTIN, "]E3", els("01", "04006381333931")},
		{"itf-14", "]I1" + gtin, nil, FormGTIN, "]I1", els("01", gtin)},
		{"dl id.gs1.org", "https://id.gs1.org/01/" + gtin + "/10/ABC/21/123?17=261231", nil, FormDL, "", els("01", gtin, "10", "ABC", "21", "123", "17", "261231")},
		{"dl any domain prefix short gtin pct", "HTTPS://example.com/a/b/01/9506000134352/21/X%2F1?3103=001250&linkType=gs1:pip#frag", nil, FormDL, "", els("01", gtin, "21", "X/1", "3103", "001250")},
		{"dl in plain qr", "]Q1https://id.gs1.org/414/" + gln + "/254/7", nil, FormDL, "]Q1", els("414", gln, "254", "7")},
		{"dl sscc", "http://x.io/00/" + sscc, nil, FormDL, "", els("00", sscc)},
		{"separator substitute", "01" + gtin + "101234<GS>21XYZ", &Options{Separators: []string{"<GS>"}}, FormElement, "", els("01", gtin, "10", "1234", "21", "XYZ")},
		{"separator ^]", "]C101" + gtin + "10AB^]21C", &Options{Separators: []string{"^]"}}, FormScan, "]C1", els("01", gtin, "10", "AB", "21", "C")},
		{"exact repeat kept once", "]C101" + gtin + "10A" + g + "01" + gtin, nil, FormScan, "]C1", els("01", gtin, "10", "A")},
		{"gmn csumalpha", "]d28013" + gmn, nil, FormScan, "]d2", els("8013", gmn)},
		{"gsrn + dob + birth seq", "]d28018" + gsrn + g + "7250" + "20240229" + g + "7259BABY" + g + "72581/2", nil, FormScan, "]d2", els("8018", gsrn, "7250", "20240229", "7259", "BABY", "7258", "1/2")},
		{"gsin", "]C1402" + gsin, nil, FormScan, "]C1", els("402", gsin)},
		{"grai with serial", "]C18003" + "0" + gln + "XY12", nil, FormScan, "]C1", els("8003", "0"+gln+"XY12")},
		{"gdti", "]C1253" + gln + "DOC1", nil, FormScan, "]C1", els("253", gln+"DOC1")},
		{"itip piece of total", "]d28006" + "19506000134359" + "0102", nil, FormScan, "]d2", els("8006", "195060001343590102")},
		{"pay-to + ref + iban", "]C1415" + gln + "8020REF1" + g + "8007DE91100000000123456789", nil, FormScan, "]C1", els("415", gln, "8020", "REF1", "8007", "DE91100000000123456789")},
		{"amount with currency", "]C101" + gtin + "3103001250" + "3932978" + "1999", nil, FormScan, "]C1", els("01", gtin, "3103", "001250", "3932", "9781999")},
		{"coupon 8110", "]e08110012345612345611110123", nil, FormScan, "]e0", els("8110", "012345612345611110123")},
		{"coupon 8112", "]e08112001234561234560123456", nil, FormScan, "]e0", els("8112", "001234561234560123456")},
		{"ship-to logistics", "]C100" + sscc + "4300ACME%20Ltd" + g + "4307GB" + g + "4321" + "1" + g + "4309" + "0279085848" + "3600000000", nil, FormScan, "]C1", els("00", sscc, "4300", "ACME%20Ltd", "4307", "GB", "4321", "1", "4309", "02790858483600000000")},
		{"expiry time and prod time", "]C101" + gtin + "7003" + "2612311430" + g + "8008" + "261231235959", nil, FormScan, "]C1", els("01", gtin, "7003", "2612311430", "8008", "261231235959")},
		{"countries", "]C101" + gtin + "422250" + g + "423" + "250276380", nil, FormScan, "]C1", els("01", gtin, "422", "250", "423", "250276380")},
		{"temperature hyphen", "]C100" + sscc + "4331" + "000250-", nil, FormScan, "]C1", els("00", sscc, "4331", "000250-")},
		{"dimensions", "]C101" + gtin + "8001" + "00500020000110", nil, FormScan, "]C1", els("01", gtin, "8001", "00500020000110")},
		{"uic ext", "]C18004" + "9506ABC" + g + "7040" + "1A2_", nil, FormScan, "]C1", els("8004", "9506ABC", "7040", "1A2_")},
		{"digsig", "]d201" + gtin + "21X" + g + "8030" + "AbC-_09==", nil, FormScan, "]d2", els("01", gtin, "21", "X", "8030", "AbC-_09==")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse(tc.in, tc.opt)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if m.Form != tc.form || m.Symbology != tc.sym {
				t.Errorf("form, symbology = %q, %q; want %q, %q", m.Form, m.Symbology, tc.form, tc.sym)
			}
			if tc.want != nil && !reflect.DeepEqual(m.Elements, tc.want) {
				t.Errorf("elements = %v\nwant       %v", m.Elements, tc.want)
			}
		})
	}
}

// TestParseErrors checks each refusal: its sentinel, AI and byte position.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		opt      *Options
		want     error
		ai       string
		pos      int // -1: do not check
	}{
		{"empty", "", nil, ErrEmpty, "", 0},
		{"location label", "LOC-A01", nil, ErrNotGS1, "", 0},
		{"numeric-ish location label", "01-A-03", nil, ErrNotGS1, "", 0},
		{"code 39 text", "]A0ABC", nil, ErrNotGS1, "", 0},
		{"plain code 128", "]C0HELLO", nil, ErrNotGS1, "", 0},
		{"plain url", "https://example.com/products/42", nil, ErrNotGS1, "", 0},
		{"short aim", "]C", nil, ErrNotGS1, "", 0},
		{"aim without data", "]C1", nil, ErrEmpty, "", 3},
		{"ean-13 aim short", "]E0123456789012", nil, ErrLength, "01", 3},
		{"ean-13 aim long", "]E012345678901234", nil, ErrLength, "01", 3},
		{"ean-13 aim non-numeric", "]E01234ABC890123", nil, ErrLength, "01", 3},
		{"ean-8 aim bad check", "]E402345674", nil, ErrCheckDigit, "01", 10},
		{"ean-8 aim short", "]E41234567", nil, ErrLength, "01", 3},
		{"composite repeats gtin", "]E02112345678900|]e001" + gtin, nil, ErrDuplicate, "01", 20},
		{"mixed-case scheme is a plain url", "]Q1HtTps://example.com/01/12312312312333?99=TEST", nil, ErrNotGS1, "", 0},
		{"plain qr text", "]Q1TESTING", nil, ErrNotGS1, "", 0},
		{"unknown ai", "]C101" + gtin + "2391", nil, ErrUnknownAI, "239", 19},
		{"unknown ai in range prefix", "]C101" + gtin + "3106001000", nil, ErrUnknownAI, "3106", 19},
		{"not an ai", "]C1ABC", nil, ErrSyntax, "", 3},
		{"gtin too short", "]C101095060001343", nil, ErrLength, "01", 5},
		{"empty lot at end", "]C101" + gtin + "10", nil, ErrLength, "10", 21},
		{"empty lot before GS", "]C101" + gtin + "10" + g + "21A", nil, ErrLength, "10", 21},
		{"double GS", "]C101" + gtin + "10A" + g + g + "21A", nil, ErrSyntax, "", 23},
		{"space in lot", "]C101" + gtin + "10AB C", nil, ErrCharset, "10", 23},
		{"letter in count", "]C101" + gtin + "3012A", nil, ErrCharset, "30", 23},
		{"lowercase in cset39", "]C18010" + "9506ab", nil, ErrCharset, "8010", 11},
		{"bad gtin check digit", "]C101" + "09506000134353", nil, ErrCheckDigit, "01", 18},
		{"bad sscc check digit", "]C100" + "006141411234567891", nil, ErrCheckDigit, "00", 22},
		{"bad gln check digit", "]C1414" + "9506000000009", nil, ErrCheckDigit, "414", 18},
		{"bad gsin check digit", "]C1402" + "95060000000012345", nil, ErrCheckDigit, "402", 22},
		{"bad grai check digit", "]C18003" + "0" + "9506000000007", nil, ErrCheckDigit, "8003", 20},
		{"bad gsrn check digit", "]C18018" + "950600000000123458", nil, ErrCheckDigit, "8018", 24},
		{"bad gmn check pair", "]d28013" + "1987654Ad4X4bL5ttr2310cXK", nil, ErrCheckDigit, "8013", 30},
		{"unmarked digits with a bad check digit", "4006381333932", nil, ErrNotGS1, "", 0},
		{"numeric bin label", "10203041", nil, ErrNotGS1, "", 0},
		{"bad ean-13 aim", "]E04006381333932", nil, ErrCheckDigit, "01", 15},
		{"month 13", "]C101" + gtin + "17261331", nil, ErrDate, "17", 23},
		{"day 32", "]C101" + gtin + "17260132", nil, ErrDate, "17", 25},
		{"feb 30", "]C101" + gtin + "17240230", nil, ErrDate, "17", 25},
		{"feb 29 non-leap", "]C101" + gtin + "17250229", nil, ErrDate, "17", 25},
		{"day 00 where not allowed", "]C101" + gtin + "7006260100", nil, ErrDate, "7006", 27},
		{"yyyymmdd feb 29 1900", "]d28018" + gsrn + g + "7250" + "19000229", nil, ErrDate, "7250", 36},
		{"hour 24", "]C101" + gtin + "7003" + "2612312400", nil, ErrTime, "7003", 29},
		{"minute 60", "]C101" + gtin + "7003" + "2612311260", nil, ErrTime, "7003", 31},
		{"bad country", "]C101" + gtin + "422999", nil, ErrContent, "422", 22},
		{"bad currency", "]C101" + gtin + "3912" + "000" + "100", nil, ErrContent, "3912", 23},
		{"bad piece of total", "]d28006" + "19506000134359" + "0302", nil, ErrContent, "8006", 21},
		{"bad iban", "]C1415" + gln + "8020R" + g + "8007DE91100000000123456788", nil, ErrCheckDigit, "8007", 31},
		{"serial without gtin", "]C121XYZ", nil, ErrMissingAI, "21", 3},
		{"lot without gtin", "]C110ABC", nil, ErrMissingAI, "10", 3},
		{"7004 needs 01 with 10", "]C101" + gtin + "70041", nil, ErrMissingAI, "7004", 19},
		{"gtin with content", "]C101" + gtin + "02" + gtin, nil, ErrInvalidPair, "01", 3},
		{"gtin with count 37", "]C101" + gtin + "375", nil, ErrInvalidPair, "37", 19},
		{"two net weights", "]C101" + gtin + "3103001000" + "3102001000", nil, ErrInvalidPair, "3102", 29},
		{"duplicate ai different values", "]C101" + gtin + "17261231" + "17270101", nil, ErrDuplicate, "17", 27},
		{"wedge dropped GS: lot swallows serial", "]d201" + gtin + "10ABC12321SERIAL01234567890123", nil, ErrMissingSeparator, "10", 27},
		{"fixed ai cut by GS", "]C101095060" + g + "10A", nil, ErrLength, "01", 5},
		{"bracket unknown ai", "(01)" + gtin + "(99)A(239)B", nil, ErrUnknownAI, "239", 24},
		{"bracket unclosed", "(01" + gtin, nil, ErrSyntax, "", 0},
		{"bracket text before", "x(01)" + gtin, nil, ErrNotGS1, "", 0},
		{"dl bad qualifier order", "https://id.gs1.org/01/" + gtin + "/21/1/10/A", nil, ErrDigitalLink, "21", 37},
		{"dl non-qualifier in path", "https://id.gs1.org/01/" + gtin + "/17/261231", nil, ErrDigitalLink, "17", 37},
		{"dl non-attribute in query", "https://id.gs1.org/01/" + gtin + "?21=1", nil, ErrDigitalLink, "21", 37},
		{"dl bad percent", "https://id.gs1.org/01/" + gtin + "/10/A%2", nil, ErrDigitalLink, "10", 41},
		{"dl bad gtin", "https://id.gs1.org/01/" + "09506000134353", nil, ErrCheckDigit, "01", 35},
		{"dl unknown query ai", "https://id.gs1.org/01/" + gtin + "?239=1", nil, ErrUnknownAI, "239", 37},
		{"dl key twice", "https://id.gs1.org/01/" + gtin + "?01=" + gtin, nil, ErrDuplicate, "01", 37},
		{"substitute off by default", "]C101" + gtin + "10AB^]21C", nil, ErrCharset, "10", 23},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse(tc.in, tc.opt)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error %v", tc.in, m, tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse(%q) error = %v (%#v), want %v", tc.in, err, err, tc.want)
			}
			e, ok := asError(err)
			if !ok {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.AI != tc.ai || (tc.pos >= 0 && e.Pos != tc.pos) {
				t.Errorf("AI, Pos = %q, %d; want %q, %d (%s)", e.AI, e.Pos, tc.ai, tc.pos, e.Message)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestMissingSeparatorMessageSaysSo(t *testing.T) {
	_, err := Parse("]d201"+gtin+"10ABC12321SERIAL01234567890123", nil)
	e, _ := asError(err)
	if e == nil || !strings.Contains(e.Message, "separator") || !strings.Contains(e.Message, "(21)") || !strings.Contains(e.Message, `"ABC123"`) {
		t.Fatalf("message does not explain the lost separator: %v", err)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}

func TestCenturyRule(t *testing.T) {
	at := func(y int) time.Time { return time.Date(y, 11, 26, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		now  time.Time
		yymd string
		want string
	}{
		{at(2026), "261231", "2026-12-31"},
		{at(2026), "760101", "2076-01-01"}, // 76-26 = 50: this century
		{at(2026), "770101", "1977-01-01"}, // 77-26 = 51: previous century
		{at(2026), "000101", "2000-01-01"},
		{at(2099), "000101", "2100-01-01"}, // 0-99 = -99: next century
		{at(2049), "990101", "2099-01-01"}, // 99-49 = 50
		{at(2048), "990101", "1999-01-01"}, // 99-48 = 51
		{at(2026), "260200", "2026-02-28"}, // DD=00: end of month
		{at(2026), "240200", "2024-02-29"},
		{at(2026), "261100", "2026-11-30"},
	} {
		m, err := Parse("(01)"+gtin+"(17)"+tc.yymd, &Options{Now: func() time.Time { return tc.now }})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := m.Expiry()
		if !ok || got.Format("2006-01-02") != tc.want {
			t.Errorf("now %d, (17)%s = %v %v, want %s", tc.now.Year(), tc.yymd, got, ok, tc.want)
		}
	}
}

func TestAccessors(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	in := "(01)" + gtin + "(11)250101(15)270630(17)271200(10)L1(21)S1(22)CPV-1(30)12(3103)001250(3302)012345(3932)978001999(410)" + gln
	m, err := Parse(in, &Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if m.GTIN() != gtin || m.Lot() != "L1" || m.Serial() != "S1" || m.CPV() != "CPV-1" || m.SSCC() != "" {
		t.Errorf("GTIN/Lot/Serial/CPV/SSCC = %q %q %q %q %q", m.GTIN(), m.Lot(), m.Serial(), m.CPV(), m.SSCC())
	}
	day := func(tm time.Time, ok bool) string {
		if !ok {
			return "none"
		}
		return tm.Format("2006-01-02")
	}
	if a, b, c := day(m.Production()), day(m.BestBefore()), day(m.Expiry()); a != "2025-01-01" || b != "2027-06-30" || c != "2027-12-31" {
		t.Errorf("production, best before, expiry = %s %s %s", a, b, c)
	}
	if n, ok := m.Count(); !ok || n != 12 {
		t.Errorf("Count = %d %v", n, ok)
	}
	w, ok := m.NetWeight()
	if !ok || w.String() != "1.250 kg" || w.Digits != 1250 || w.Decimals != 3 || w.Title != "NET WEIGHT (kg)" {
		t.Errorf("NetWeight = %+v %v", w, ok)
	}
	if g, ok := m.Measure("330"); !ok || g.String() != "123.45 kg" {
		t.Errorf("gross weight = %+v %v", g, ok)
	}
	if a := m.Amounts(); len(a) != 1 || a[0].Currency != "978" || a[0].String() != "19.99 978" {
		t.Errorf("Amounts = %+v", a)
	}
	if g, ok := m.ShipTo(); !ok || g != gln {
		t.Errorf("ShipTo = %q %v", g, ok)
	}
	loc, err := Parse("(414)"+gln+"(254)BIN-7", nil)
	if err != nil {
		t.Fatal(err)
	}
	if g, ext, ok := loc.Location(); !ok || g != gln || ext != "BIN-7" {
		t.Errorf("Location = %q %q %v", g, ext, ok)
	}
	if n, ok := (Message{Elements: els("37", "24")}).Count(); !ok || n != 24 {
		t.Errorf("Count(37) = %d %v", n, ok)
	}
	if _, ok := (Message{}).Expiry(); ok {
		t.Error("Expiry of empty message should be absent")
	}
}

// TestRoundTrips: every valid message survives Bracketed, ElementString
// (raw and as scan data) and Digital Link.
func TestRoundTrips(t *testing.T) {
	for _, in := range []string{
		scan01,
		"]d2" + "01" + gtin + "11250101" + "17271231" + "3103001250" + "10LOT(1)" + g + "21S/N" + g + "30" + "12",
		"]C100" + sscc + "4300ACME%20Ltd" + g + "4307GB",
		"(414)" + gln + "(254)BIN-7",
		"(8004)9506ABC(7040)1A2_",
		"4006381333931",
		"https://id.gs1.org/01/" + gtin + "/22/V%2D1/10/A%26B/21/1?17=261231&3103=001250&3932=978001999",
	} {
		m, err := Parse(in, nil)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		for _, form := range []string{m.Bracketed(), m.ElementString(), "]d2" + m.ElementString(), g + m.ElementString()} {
			back, err := Parse(form, nil)
			if err != nil {
				t.Errorf("Parse(%q) (from %q): %v", form, in, err)
				continue
			}
			if !reflect.DeepEqual(back.Elements, m.Elements) {
				t.Errorf("round trip via %q: %v, want %v", form, back.Elements, m.Elements)
			}
		}
		dl, err := m.DigitalLink("https://example.com/base/")
		if err != nil {
			t.Errorf("DigitalLink(%q): %v", in, err)
			continue
		}
		back, err := Parse(dl, nil)
		if err != nil {
			t.Errorf("Parse(%q): %v", dl, err)
			continue
		}
		if !sameSet(back.Elements, m.Elements) {
			t.Errorf("round trip via %q: %v, want %v", dl, back.Elements, m.Elements)
		}
	}
}

func sameSet(a, b []Element) bool {
	if len(a) != len(b) {
		return false
	}
	cmp := func(x, y Element) int {
		if x.AI != y.AI {
			if x.AI < y.AI {
				return -1
			}
			return 1
		}
		return 0
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, cmp)
	slices.SortFunc(b, cmp)
	return reflect.DeepEqual(a, b)
}

func TestFormatting(t *testing.T) {
	m, err := Parse(scan01, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.ElementString(), "01"+gtin+"17261231101234"+g+"21XYZ"; got != want {
		t.Errorf("ElementString = %q, want %q", got, want)
	}
	if got, want := m.Bracketed(), "(01)"+gtin+"(17)261231(10)1234(21)XYZ"; got != want {
		t.Errorf("Bracketed = %q, want %q", got, want)
	}
	if got, want := m.HRI(), []string{"(01) GTIN: " + gtin, "(17) USE BY or EXPIRY: 261231", "(10) BATCH/LOT: 1234", "(21) SERIAL: XYZ"}; !reflect.DeepEqual(got, want) {
		t.Errorf("HRI = %q", got)
	}
	dl, err := m.DigitalLink("")
	if want := "https://id.gs1.org/01/" + gtin + "/10/1234/21/XYZ?17=261231"; err != nil || dl != want {
		t.Errorf("DigitalLink = %q, %v; want %q", dl, err, want)
	}
	if _, err := (Message{Elements: els("10", "A")}).DigitalLink(""); !errors.Is(err, ErrDigitalLink) {
		t.Errorf("DigitalLink without key: %v", err)
	}
	if _, err := m.DigitalLink("ftp://x"); !errors.Is(err, ErrDigitalLink) {
		t.Errorf("DigitalLink bad base: %v", err)
	}
	if Title("01") != "GTIN" || Title("3103") != "NET WEIGHT (kg)" || Title("9") != "" || !Known("8013") || Known("3106") {
		t.Error("Title/Known wrong")
	}
}

// TestEveryDictionaryEntryParses builds a valid value for each AI in the
// table (from its components) and checks Parse accepts it, so no AI of the
// dictionary is left unreachable.
func TestEveryDictionaryEntryParses(t *testing.T) {
	n := 0
	eachAI(func(d *aiDef, ai string) {
		v, ok := sampleValue(ai)
		if !ok {
			t.Errorf("no sample value for (%s)", ai)
			return
		}
		if e := checkValue(d, ai, v, 0); e != nil {
			t.Errorf("(%s) sample %q refused: %v", ai, v, e)
		}
		if lookup(ai) != d {
			t.Errorf("lookup(%s) is not its entry", ai)
		}
		n++
	})
	if n < 400 {
		t.Errorf("only %d AIs checked", n)
	}
}

func pad(n, w int) string {
	s := ""
	for ; w > 0; w-- {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// asError returns err as *Error when it is one.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func TestSuspectMissingSeparator(t *testing.T) {
	for _, tc := range []struct {
		in           string
		host, hidden string
		split        string
		ok           bool
	}{
		{"]C101" + gtin + "10ABC21XYZ", "10", "21", "(10)ABC(21)XYZ", true},
		{"]C101" + gtin + "10ABC" + g + "21XYZ", "", "", "", false},
		{"]C101" + gtin + "10ABC", "", "", "", false},
		{"(01)" + gtin + "(10)ABC21XYZ", "", "", "", false}, // brackets cannot lose a separator
		// A GS after the lot shows the scanner sends separators: the
		// serial's "30" is part of it, not a count the scanner ran in.
		{"]C101" + gtin + "10ABC" + g + "21SN00300", "", "", "", false},
		{"]C101" + gtin + "21SN00300", "21", "30", "(21)SN00(30)0", true},
	} {
		m, err := Parse(tc.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		host, hidden, split, ok := m.SuspectMissingSeparator()
		if host != tc.host || hidden != tc.hidden || split != tc.split || ok != tc.ok {
			t.Errorf("%q: got %q %q %q %v", tc.in, host, hidden, split, ok)
		}
	}
}
