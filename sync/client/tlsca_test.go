package client_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/client"
)

// testCA is a certificate authority of the test's own, given to the
// client as its roots.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test authority"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// issue writes a leaf for ips and names, signed by the authority, into a
// new folder.
func (ca *testCA) issue(t *testing.T, serial int64, ips []net.IP, names ...string) *tlsFiles {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: ips, DNSNames: names,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := &tlsFiles{cert: filepath.Join(dir, "cert.pem"), key: filepath.Join(dir, "key.pem")}
	if err := os.WriteFile(f.cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAuthoritySignedHubIsVerifiedNotPinned: a hub certificate an
// authority signed is checked by chain and host name, so its renewal (a
// new key, a new certificate) needs no re-enrolment; a certificate for
// another host is refused even though the authority signed it.
func TestAuthoritySignedHubIsVerifiedNotPinned(t *testing.T) {
	ctx := context.Background()
	ca := newTestCA(t)
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	h := &testHub{tb: t, dsn: "sqlite:" + t.TempDir() + "/hub.db", tls: ca.issue(t, 2, loopback)}
	h.start()
	t.Cleanup(h.stop)
	if _, err := h.store().Import(ctx, masterData, time.Now()); err != nil {
		t.Fatal(err)
	}
	e, err := client.Enroll(ctx, h.url(), h.addDevice("t1"), client.EnrollOptions{Roots: ca.pool})
	if err != nil {
		t.Fatalf("enrol with an authority-signed hub: %v", err)
	}
	if e.Trust != client.TrustAuthority {
		t.Fatalf("enrolment trust %q, want %q", e.Trust, client.TrustAuthority)
	}
	tm := &terminal{tb: t, dir: filepath.Join(t.TempDir(), "t1"), enr: e}
	if err := os.MkdirAll(tm.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	tm.reopen(func() {})
	tm.enr = e
	if _, err := client.Adopt(ctx, tm.db, e); err != nil {
		t.Fatal(err)
	}
	syncWith := func() error {
		c := client.New(tm.db, tm.enr, client.Options{Roots: ca.pool})
		defer c.Close()
		_, err := c.SyncOnce(ctx)
		return err
	}
	if err := syncWith(); err != nil { // master data first
		t.Fatalf("sync: %v", err)
	}
	tm.receive(2)
	if err := syncWith(); err != nil {
		t.Fatalf("sync: %v", err)
	}
	// Renewal: a new key and certificate from the same authority.
	h.stop()
	h.tls = ca.issue(t, 3, loopback)
	h.start()
	tm.receive(1)
	if err := syncWith(); err != nil {
		t.Fatalf("sync after the certificate was renewed: %v", err)
	}
	sameLedger(t, h, tm)
	// Signed, but for another host: refused.
	h.stop()
	h.tls = ca.issue(t, 4, nil, "other.example")
	h.start()
	if err := syncWith(); !errors.Is(err, client.ErrFingerprint) {
		t.Fatalf("sync with a certificate for another host: %v, want a certificate refusal", err)
	}
}
