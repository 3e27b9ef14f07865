package client

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzNormalizeFingerprint(f *testing.F) {
	f.Add("sha256:" + strings.Repeat("ab", 32))
	f.Add(strings.Repeat("AB:", 31) + "AB")
	f.Add("sha256:")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeFingerprint(s)
		if err != nil {
			return
		}
		// A normalised pin is canonical: normalising it again is a no-op.
		again, err := NormalizeFingerprint(got)
		if err != nil || again != got {
			t.Fatalf("NormalizeFingerprint(%q) = %q, then %q, %v", s, got, again, err)
		}
		if len(got) != len("sha256:")+64 {
			t.Fatalf("NormalizeFingerprint(%q) = %q: wrong length", s, got)
		}
	})
}

func FuzzLoadEnrollment(f *testing.F) {
	f.Add(`{"hub_url":"http://127.0.0.1:8765","device":"t1","token":"x"}`)
	f.Add(`{"hub_url":1}`)
	f.Add("")
	dir := f.TempDir() // one folder per fuzzing process, rewritten each run
	f.Fuzz(func(t *testing.T, body string) {
		if err := os.WriteFile(filepath.Join(dir, EnrollmentFile), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := LoadEnrollment(dir)
		if err == nil && (e.HubURL == "" || e.Device == "" || e.Token == "") {
			t.Fatalf("LoadEnrollment(%q) accepted an incomplete enrolment %+v", body, e)
		}
		// Whatever loaded, New must not panic on it.
		if err == nil {
			New(nil, e, Options{}).Close()
		}
	})
}
