package tui

import (
	"context"
	"errors"
	"testing"

	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestEnrollByScan: on a terminal that is not enrolled, scanning the
// console's enrolment QR code (with the scanner's ]Q1 prefix) enrols it
// from the sign-in screen; the status bar stops saying "not enrolled". A
// failed enrolment says why; an ordinary barcode is not taken for one.
func TestEnrollByScan(t *testing.T) {
	var got []wire.EnrollLink
	fs := &fakeSync{st: client.Status{Cause: client.CauseOK, Online: true}}
	fail := errors.New("enrolment code unknown, expired or already used")
	h := newHarness(t, openDB(t), func(c *Config) {
		c.Enroll = func(_ context.Context, l wire.EnrollLink) (Syncer, string, error) {
			got = append(got, l)
			if l.Code == "USED" {
				return nil, "", fail
			}
			return fs, "hh-7", nil
		}
	})
	h.must("not enrolled")
	h.scan("]Q1" + wire.EnrollLink{HubURL: "http://127.0.0.1:8765", Code: "USED"}.String())
	h.must("✗ Enrolment failed:")
	h.must("not enrolled")
	h.scan(wire.EnrollLink{HubURL: "http://127.0.0.1:8765", Code: "K7QF-9M2X", Fingerprint: "sha256:ab"}.String())
	h.must("✓ Enrolled as hh-7.")
	h.mustNot("not enrolled")
	if len(got) != 2 || got[1].Code != "K7QF-9M2X" || got[1].Fingerprint != "sha256:ab" {
		t.Fatalf("enrol calls %+v", got)
	}
	// Enrolled now: a second scan of a code is an ordinary scan.
	h.scan(wire.EnrollLink{HubURL: "http://127.0.0.1:8765", Code: "AGAIN"}.String())
	if len(got) != 2 {
		t.Fatalf("enrolled terminal enrolled again: %+v", got)
	}
	h.signIn()
	h.key("9")
	if fs.syncs != 1 {
		t.Fatalf("Sync now after enrolling used the new client %d times", fs.syncs)
	}
}
