package hub

// Rotating a self-signed certificate without re-enrolling every terminal:
// terminals pin a self-signed hub certificate, so the next one is created
// ahead (RotateTLS, in DIR/next), its fingerprint is published on every
// pull answer (wire.HeaderNextFingerprint) and terminals add it to their
// pins; once they have pulled, SwitchTLS puts it in place and the hub is
// restarted. A terminal that was offline during the switch follows as
// long as it pulled once after the rotation began.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// NextDir is the folder, inside the hub's state folder, of the certificate
// that replaces the current one at the next SwitchTLS.
const NextDir = "next"

// RotateTLS creates the next self-signed certificate in dir/next (or keeps
// the one there) and returns its fingerprint.
func RotateTLS(dir string, hosts []string) (string, error) {
	_, fp, err := SelfSignedCert(filepath.Join(dir, NextDir), hosts)
	if err != nil {
		return "", fmt.Errorf("rotate certificate: %w", err)
	}
	return fp, nil
}

// NextFingerprint is the fingerprint of the certificate waiting in
// dir/next, "" when no rotation is under way.
func NextFingerprint(dir string) (string, error) {
	certPath := filepath.Join(dir, NextDir, CertFile)
	if _, err := os.Stat(certPath); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	_, fp, err := LoadCert(certPath, filepath.Join(dir, NextDir, KeyFile))
	if err != nil {
		return "", fmt.Errorf("next certificate: %w", err)
	}
	return fp, nil
}

// SwitchTLS puts the next certificate in place of the current one (the
// hub serves it after a restart) and returns its fingerprint.
func SwitchTLS(dir string) (string, error) {
	fp, err := NextFingerprint(dir)
	if err != nil {
		return "", err
	}
	if fp == "" {
		return "", errors.New("switch certificate: no rotation under way; run scanhub tls rotate first")
	}
	// The key first: a cut between the two renames leaves the old
	// certificate with the new key, which LoadCert refuses loudly rather
	// than serving something unpinned.
	for _, f := range []string{KeyFile, CertFile} {
		if err := os.Rename(filepath.Join(dir, NextDir, f), filepath.Join(dir, f)); err != nil {
			return "", fmt.Errorf("switch certificate: %w", err)
		}
	}
	return fp, nil
}
