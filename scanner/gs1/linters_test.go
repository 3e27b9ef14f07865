package gs1

import "testing"

// TestLinters: passing and failing values for every linter the dictionary
// names, following the published GS1 Barcode Syntax Tests' rules.
func TestLinters(t *testing.T) {
	cases := map[linter]struct{ pass, fail []string }{
		lintCsum:          {[]string{gtin, "96385074", sscc, "0"}, []string{"09506000134353", "96385075"}},
		lintCsumalpha:     {[]string{gmn, "22", "!22", "12345678901234567890123NT", "12345_abcdefghijklmN3", "00000!HV"}, []string{"1987654Ad4X4bL5ttr2310cXK", "33", "2", "12345678901234567890123 T"}},
		lintGcppos1:       {[]string{"9506", "9506A", "1234567"}, []string{"950", "95A6", "A9506"}},
		lintGcppos2:       {[]string{"09506", gtin}, []string{"0950", "0A506"}},
		lintHasnondigit:   {[]string{"12A4", "-"}, []string{"1234"}},
		lintHh:            {[]string{"00", "23"}, []string{"24", "99"}},
		lintMi:            {[]string{"00", "59"}, []string{"60"}},
		lintSs:            {[]string{"00", "59"}, []string{"60"}},
		lintHhmi:          {[]string{"0000", "2359"}, []string{"2400", "1260"}},
		lintHyphen:        {[]string{"-", "--"}, []string{"+", "-A"}},
		lintIban:          {[]string{"DE91100000000123456789", "GB98MIDL07009312345678", "MT90MALT011000012345MTLCAST001SABC", "BE71096123456769"}, []string{"BE71096123456760", "XX361234567890", "BE71", "LC14BOSLxx3456789012345678901230"}},
		lintImporteridx:   {[]string{"A", "z", "0", "-", "_"}, []string{"!", ".", "AA"}},
		lintIso3166:       {[]string{"004", "250", "894"}, []string{"000", "999", "005"}},
		lintIso3166999:    {[]string{"250", "999"}, []string{"998", "000"}},
		lintIso3166alpha2: {[]string{"FR", "GB", "ZW"}, []string{"AA", "XX", "fr"}},
		lintIso4217:       {[]string{"978", "840", "999"}, []string{"000", "001"}},
		lintIso5218:       {[]string{"0", "1", "2", "9"}, []string{"3", "8"}},
		lintLatitude:      {[]string{"0000000000", "1800000000", "0279085848"}, []string{"1800000001", "9999999999"}},
		lintLongitude:     {[]string{"0000000000", "3600000000"}, []string{"3600000001"}},
		lintMediatype:     {[]string{"01", "10", "80", "99"}, []string{"00", "11", "79"}},
		lintNonzero:       {[]string{"0001", "1"}, []string{"0000", "0"}},
		lintNozeroprefix:  {[]string{"1", "10"}, []string{"0", "01"}},
		lintPackagetype:   {[]string{"BX", "1A", "8", "X11", "PUE"}, []string{"QQQ", "0", "bx"}},
		lintPcenc:         {[]string{"A%20B", "ABC", "%41"}, []string{"A%2", "%G0", "%"}},
		lintPieceoftotal:  {[]string{"0102", "0202", "9999"}, []string{"0000", "0001", "0100", "0302"}},
		lintPosinseqslash: {[]string{"1/1", "9/10", "10/10", "998/999"}, []string{"0/1", "1/0", "2/1", "10/9", "1/", "/1", "1//2", "01/2"}},
		lintWinding:       {[]string{"0", "1", "9"}, []string{"2"}},
		lintYesno:         {[]string{"0", "1"}, []string{"2"}},
		lintZero:          {[]string{"0"}, []string{"1"}},
		lintYymmd0:        {[]string{"261231", "260200", "240229", "000229", "961100"}, []string{"261301", "260132", "250229", "260230", "260000"}},
		lintYymmdd:        {[]string{"261231", "240229", "000229"}, []string{"260100", "210229", "261331"}},
		lintYyyymmdd:      {[]string{"20240229", "20000229", "19991231"}, []string{"19000229", "20230229", "20231301", "20230100"}},
		lintCouponcode:    {[]string{"012345612345611110123", "0123456123456111101231" + "0" + "11" + "0" + "001" + "0" + "123456"}, []string{"", "01", "71234567890123", "012345612345601110123", "0123456123456111101237", "01234561234561111012a"}},
		lintCouponposoffer: {[]string{"001234561234560123456", "101234561234560123456", "0012345612345611234567"},
			[]string{"201234561234560123456", "0", "07", "00123456123456", "0012345612345601234567"}},
	}
	for l := lintNone + 1; l <= lintZero; l++ {
		tc, ok := cases[l]
		if !ok || len(tc.pass) == 0 || len(tc.fail) == 0 {
			t.Errorf("linter %d has no pass and fail cases", l)
			continue
		}
		for _, v := range tc.pass {
			if f, ok := runLinter(l, v); !ok {
				t.Errorf("linter %d refused %q: %s", l, v, f.msg)
			}
		}
		for _, v := range tc.fail {
			f, ok := runLinter(l, v)
			if ok {
				t.Errorf("linter %d accepted %q", l, v)
				continue
			}
			if f.msg == "" || f.code == "" || f.off < 0 || f.off > len(v) {
				t.Errorf("linter %d on %q: bad failure %+v", l, v, f)
			}
		}
	}
}

// TestBadDigitMatchesByteLoop checks the word-at-a-time digit test against
// the plain loop for every length up to 20 and every bad byte position.
func TestBadDigitMatchesByteLoop(t *testing.T) {
	for n := 0; n <= 20; n++ {
		base := []byte("01234567890123456789")[:n]
		if got := badDigit(string(base)); got != -1 {
			t.Fatalf("badDigit(%q) = %d", base, got)
		}
		for i := 0; i < n; i++ {
			for _, c := range []byte{'/', ':', 0, 0xFA, 0xFF, 'A', ' ', 0x1D} {
				b := append([]byte(nil), base...)
				b[i] = c
				if got, want := badDigit(string(b)), badDigitSlow(string(b)); got != want {
					t.Fatalf("badDigit(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// TestCsumDigitEveryLength: the eight-bytes-at-a-time check digit agrees
// with the schoolbook definition (weights 3, 1, 3, … from the right) for
// every length a GS1 key or a linter can have, on digit strings that
// exercise every position.
func TestCsumDigitEveryLength(t *testing.T) {
	schoolbook := func(s string) byte {
		sum, w := 0, 3
		for i := len(s) - 1; i >= 0; i-- {
			sum += int(s[i]-'0') * w
			w = 4 - w
		}
		return byte((10-sum%10)%10) + '0'
	}
	digits := "9876543210135792468097531864209182736455463728190"
	for n := 0; n <= 40; n++ {
		for shift := 0; shift < 10; shift++ {
			s := digits[shift : shift+n]
			if got, want := csumDigit(s), schoolbook(s); got != want {
				t.Errorf("csumDigit(%q) = %c, want %c", s, got, want)
			}
		}
	}
}
