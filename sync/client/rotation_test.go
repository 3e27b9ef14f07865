package client_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// TestRotationWithThreeTerminals: a self-signed hub rotates its
// certificate. Three terminals pin the old one; all pull after the
// rotation began, one is then offline during the switch. All three sync
// with the new certificate afterwards without enrolling again; a fourth
// that never pulled the announcement stops on the certificate.
func TestRotationWithThreeTerminals(t *testing.T) {
	ctx := context.Background()
	h := &testHub{tb: t, dsn: "sqlite:" + t.TempDir() + "/hub.db"}
	var fp string
	h.tls, fp = selfSigned(t)
	state := filepath.Dir(h.tls.cert)
	h.opt.NextFingerprint = func() string { n, _ := hub.NextFingerprint(state); return n }
	h.start()
	t.Cleanup(h.stop)
	if _, err := h.store().Import(ctx, masterData, time.Now()); err != nil {
		t.Fatal(err)
	}
	enrol := func(name string) *terminal {
		e, err := client.Enroll(ctx, h.url(), h.addDevice(name), client.EnrollOptions{Fingerprint: fp})
		if err != nil {
			t.Fatal(err)
		}
		tm := &terminal{tb: t, dir: filepath.Join(t.TempDir(), name)}
		tm.reopen(func() {
			if err := os.MkdirAll(tm.dir, 0o700); err != nil {
				t.Fatal(err)
			}
		})
		if _, err := client.Adopt(ctx, tm.db, e); err != nil {
			t.Fatal(err)
		}
		tm.enr = e
		if _, err := tm.syncOnce(); err != nil {
			t.Fatal(err)
		}
		return tm
	}
	terms := []*terminal{enrol("t1"), enrol("t2"), enrol("t3")}
	late := enrol("t4")

	next, err := hub.RotateTLS(state, nil)
	if err != nil || next == fp {
		t.Fatalf("rotate: %s %v", next, err)
	}
	for _, tm := range terms {
		tm.receive(1)
		if _, err := tm.syncOnce(); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := tm.db.HubPins(ctx); n != next {
			t.Fatalf("%s did not keep the announced certificate: %q", tm.enr.Device, n)
		}
	}
	// The switch: t3 is offline meanwhile (it does not sync now).
	h.stop()
	if got, err := hub.SwitchTLS(state); err != nil || got != next {
		t.Fatalf("switch: %s %v", got, err)
	}
	h.start()
	for _, tm := range terms[:2] {
		tm.receive(1)
		if rep, err := tm.syncOnce(); err != nil || rep.Queue != 0 {
			t.Fatalf("%s after the switch: %+v %v", tm.enr.Device, rep, err)
		}
	}
	// t3 comes back, and restarts on the way (a new client from the file).
	t3 := terms[2]
	t3.reopen(func() {})
	t3.receive(2)
	if rep, err := t3.syncOnce(); err != nil || rep.Queue != 0 {
		t.Fatalf("t3 back after the switch: %+v %v", rep, err)
	}
	for _, tm := range terms {
		if p, n, _ := tm.db.HubPins(ctx); p != next || n != "" {
			t.Fatalf("%s pins %q next %q; want the new certificate pinned", tm.enr.Device, p, n)
		}
		sameLedger(t, h, tm)
	}
	if _, err := late.syncOnce(); !errors.Is(err, client.ErrFingerprint) {
		t.Fatalf("a terminal that never heard of the rotation: %v, want a certificate refusal", err)
	}
}
