package debs

import "testing"

func TestVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.0":              "1.2.0",
		"1.2.0-3-g0bd2aac":    "1.2.0+3+g0bd2aac",
		"v1.2.0-3-gabc-dirty": "1.2.0+3+gabc+dirty",
		"0bd2aac":             "0~0bd2aac",
		"9bd2aac-dirty":       "0~9bd2aac+dirty",
		"dev":                 "0~dev",
	} {
		if got := Version(in); got != want {
			t.Errorf("Version(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FileName(Target{"scanterm", "armhf"}, "1.2.0"); got != "scanterm_1.2.0_armhf.deb" {
		t.Errorf("FileName: %q", got)
	}
}
