package wire

import (
	"errors"
	"testing"
)

func TestEnrollLink(t *testing.T) {
	l := EnrollLink{HubURL: "https://hub.example:8443", Code: "K7QF-9M2X-PRTW", Fingerprint: "sha256:ab12"}
	s := l.String()
	if s != "scanterm:enroll?code=K7QF-9M2X-PRTW&fp=sha256%3Aab12&hub=https%3A%2F%2Fhub.example%3A8443" {
		t.Fatalf("link %q", s)
	}
	got, err := ParseEnrollLink(" " + s + "\n")
	if err != nil || got != l {
		t.Fatalf("parse: %+v %v", got, err)
	}
	for _, bad := range []string{"", "09506000134352", "https://hub/?code=x", "scanterm:enroll?hub=https%3A%2F%2Fh", "scanterm:enroll?code=X", "scanterm:enroll?%zz"} {
		if _, err := ParseEnrollLink(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParseEnrollLink("0950600013435"); !errors.Is(err, ErrNotEnrollLink) {
		t.Errorf("a barcode: %v, want ErrNotEnrollLink", err)
	}
}
