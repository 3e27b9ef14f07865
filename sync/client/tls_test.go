package client_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
)

// selfSigned makes a hub certificate in a new folder and returns where it
// is and its fingerprint.
func selfSigned(t *testing.T) (*tlsFiles, string) {
	t.Helper()
	dir := t.TempDir()
	_, fp, err := hub.SelfSignedCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &tlsFiles{cert: filepath.Join(dir, hub.CertFile), key: filepath.Join(dir, hub.KeyFile)}, fp
}

func TestHTTPSPinning(t *testing.T) {
	ctx := context.Background()
	h := &testHub{tb: t, dsn: "sqlite:" + t.TempDir() + "/hub.db"}
	var fp string
	h.tls, fp = selfSigned(t)
	h.start()
	t.Cleanup(h.stop)
	if _, err := h.store().Import(ctx, masterData, time.Now()); err != nil {
		t.Fatal(err)
	}
	code := h.addDevice("t1")

	// No fingerprint: a self-signed certificate is not trusted, and the
	// error shows the fingerprint to compare with what scanhub serve printed.
	_, err := client.Enroll(ctx, h.url(), code, client.EnrollOptions{})
	if !errors.Is(err, client.ErrFingerprint) || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), "--fingerprint") {
		t.Errorf("enrol without fingerprint: %v; want ErrFingerprint naming %s and --fingerprint", err, fp)
	}
	// A wrong fingerprint is refused before the code is sent.
	wrong := "sha256:" + strings.Repeat("0", 64)
	if _, err := client.Enroll(ctx, h.url(), code, client.EnrollOptions{Fingerprint: wrong}); !errors.Is(err, client.ErrFingerprint) {
		t.Errorf("enrol with a wrong fingerprint: %v, want ErrFingerprint", err)
	}
	// The right one (in openssl's colon form, upper case) enrols and pins;
	// the code was not used up by the refused attempts.
	colons := strings.ToUpper(strings.TrimPrefix(fp, "sha256:"))
	var b strings.Builder
	for i := 0; i < len(colons); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(colons[i : i+2])
	}
	e, err := client.Enroll(ctx, h.url(), code, client.EnrollOptions{Fingerprint: b.String()})
	if err != nil {
		t.Fatalf("enrol with the right fingerprint: %v", err)
	}
	if e.Fingerprint != fp || e.Device != "t1" || !strings.HasPrefix(e.HubURL, "https://") {
		t.Errorf("enrolment %+v, want device t1 pinned to %s", e, fp)
	}
	tm := &terminal{tb: t, dir: t.TempDir(), enr: e}
	tm.db, err = localdb.Open(ctx, filepath.Join(tm.dir, "terminal.db"), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tm.db.Close()
	if err := tm.db.SetDevice(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	c := tm.client(client.Options{})
	if _, err := c.SyncOnce(ctx); err != nil { // pull the master data
		t.Fatal(err)
	}
	tm.receive(3)
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	sameLedger(t, h, tm)

	// The hub comes back with another certificate (or someone in the
	// middle presents one): every request is refused, nothing is sent.
	h.stop()
	h.tls, _ = selfSigned(t)
	h.start()
	tm.receive(2)
	c2 := tm.client(client.Options{})
	_, err = c2.SyncOnce(ctx)
	if !errors.Is(err, client.ErrFingerprint) {
		t.Fatalf("sync with a changed hub certificate: %v, want ErrFingerprint", err)
	}
	if st := c2.Status(); !st.Stopped || !strings.Contains(st.Message, "certificate") || st.Queue != 2 {
		t.Errorf("status %+v", st)
	}
	if n := len(h.events("t1")); n != 3 {
		t.Errorf("hub holds %d events, want the 3 sent before the change", n)
	}
}
