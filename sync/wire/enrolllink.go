package wire

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// EnrollLink is what an enrolment QR code carries from the hub's console to
// a terminal's not-enrolled screen or scanterm enroll: where the hub is,
// the one-time code, and the certificate fingerprint to pin, so that
// enrolling takes no typing. Its text form is
//
//	scanterm:enroll?hub=https%3A%2F%2Fhub%3A8443&code=K7QF-9M2X-PRTW&fp=sha256%3A…
type EnrollLink struct {
	HubURL      string
	Code        string
	Fingerprint string // "sha256:hex"; empty for a plain-HTTP hub
}

// enrollScheme prefixes every enrolment link.
const enrollScheme = "scanterm:enroll?"

// ErrNotEnrollLink is returned by ParseEnrollLink for text that is not an
// enrolment link at all (an ordinary barcode scanned by mistake).
var ErrNotEnrollLink = errors.New("not a scanterm enrolment code")

// String is the link's text form.
func (l EnrollLink) String() string {
	v := url.Values{}
	v.Set("hub", l.HubURL)
	v.Set("code", l.Code)
	if l.Fingerprint != "" {
		v.Set("fp", l.Fingerprint)
	}
	return enrollScheme + v.Encode()
}

// ParseEnrollLink reads a link's text form; the hub URL and code are
// required.
func ParseEnrollLink(s string) (EnrollLink, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), enrollScheme)
	if !ok {
		return EnrollLink{}, ErrNotEnrollLink
	}
	v, err := url.ParseQuery(rest)
	if err != nil {
		return EnrollLink{}, fmt.Errorf("enrolment code: %w", err)
	}
	l := EnrollLink{HubURL: v.Get("hub"), Code: v.Get("code"), Fingerprint: v.Get("fp")}
	if l.HubURL == "" || l.Code == "" {
		return EnrollLink{}, errors.New("enrolment code: the hub address or the one-time code is missing")
	}
	return l, nil
}
