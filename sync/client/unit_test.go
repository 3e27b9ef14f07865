package client

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBackoffGrowsCapsAndJitters(t *testing.T) {
	lo, hi := 100*time.Millisecond, 2*time.Second
	zero := func() float64 { return 0 }
	one := func() float64 { return 0.999999 }
	cases := []struct {
		attempt int
		min     time.Duration // with rand 0: half the step
		max     time.Duration // with rand ~1: the whole step
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 200 * time.Millisecond, 400 * time.Millisecond},
		{5, 800 * time.Millisecond, 1600 * time.Millisecond},
		{6, 1 * time.Second, 2 * time.Second}, // capped
		{60, 1 * time.Second, 2 * time.Second},
	}
	for _, c := range cases {
		if got := backoff(c.attempt, lo, hi, zero); got != c.min {
			t.Errorf("attempt %d, rand 0: got %v, want %v", c.attempt, got, c.min)
		}
		if got := backoff(c.attempt, lo, hi, one); got < c.max-time.Millisecond || got > c.max {
			t.Errorf("attempt %d, rand ~1: got %v, want ~%v", c.attempt, got, c.max)
		}
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	hex := strings.Repeat("ab", 32)
	want := "sha256:" + hex
	for _, in := range []string{want, hex, strings.ToUpper(hex), "SHA256:" + strings.ToUpper(hex), " " + want + "\n",
		"sha256:" + strings.TrimSuffix(strings.Repeat("AB:", 32), ":")} {
		got, err := NormalizeFingerprint(in)
		if err != nil || got != want {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "sha256:", "sha256:abc", "md5:" + hex, hex + "ab", strings.Repeat("zz", 32)} {
		if got, err := NormalizeFingerprint(bad); err == nil {
			t.Errorf("NormalizeFingerprint(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCheckURL(t *testing.T) {
	ok := []string{"http://127.0.0.1:8765", "http://localhost:1/", "http://[::1]:80", "https://hub.example:8765", "https://10.0.0.5"}
	for _, u := range ok {
		if _, err := checkURL(u, false); err != nil {
			t.Errorf("checkURL(%q): %v", u, err)
		}
	}
	if _, err := checkURL("http://10.0.0.5:8765", false); !errors.Is(err, ErrInsecureURL) {
		t.Errorf("plain http off loopback: got %v, want ErrInsecureURL", err)
	}
	if _, err := checkURL("http://10.0.0.5:8765", true); err != nil {
		t.Errorf("plain http off loopback, allowed: %v", err)
	}
	for _, bad := range []string{"", "127.0.0.1:8765", "ftp://127.0.0.1", "http://", "://x"} {
		if _, err := checkURL(bad, true); err == nil {
			t.Errorf("checkURL(%q): want an error", bad)
		}
	}
}

func TestEnrollmentFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "term")
	if _, err := LoadEnrollment(dir); !errors.Is(err, ErrNotEnrolled) {
		t.Fatalf("LoadEnrollment of an empty folder: got %v, want ErrNotEnrolled", err)
	}
	e := Enrollment{HubURL: "https://127.0.0.1:8765", Device: "t1", Token: "secret", Fingerprint: "sha256:" + strings.Repeat("0", 64),
		EnrolledAt: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Warehouses: []string{"W1", "W2"}}
	if err := SaveEnrollment(dir, e); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, EnrollmentFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("enrollment.json mode %v, want 0600", st.Mode().Perm())
	}
	got, err := LoadEnrollment(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("LoadEnrollment = %+v, want %+v", got, e)
	}
	// Saving again replaces it and leaves no temporary files behind.
	e.Token = "other"
	if err := SaveEnrollment(dir, e); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d files after two saves, want 1", len(ents))
	}
	// A token file others can read is refused, with what to do.
	if err := os.Chmod(filepath.Join(dir, EnrollmentFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadEnrollment(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("LoadEnrollment of a 0644 file: got %v, want a refusal naming chmod 600", err)
	}
	// Garbage and incomplete files are errors, not panics.
	for _, body := range []string{"", "{", "null", `{"hub_url":"http://127.0.0.1:1"}`, "[1,2]"} {
		if err := os.WriteFile(filepath.Join(dir, EnrollmentFile), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadEnrollment(dir); err == nil || errors.Is(err, ErrNotEnrolled) {
			t.Errorf("LoadEnrollment(%q): got %v, want a parse error", body, err)
		}
	}
}

func TestSubscribeKeepsNewest(t *testing.T) {
	c := New(nil, Enrollment{HubURL: "http://127.0.0.1:1", Device: "t1", Token: "x"}, Options{})
	ch := c.Subscribe()
	if s := <-ch; s.Device != "t1" || s.Hub != "http://127.0.0.1:1" {
		t.Fatalf("first status %+v", s)
	}
	for i := 1; i <= 5; i++ {
		c.update(func(s *Status) { s.Queue = i })
	}
	if s := <-ch; s.Queue != 5 {
		t.Errorf("subscriber read queue %d, want the newest (5)", s.Queue)
	}
	select {
	case s := <-ch:
		t.Errorf("a second value %+v was waiting; want only the newest", s)
	default:
	}
	if c.Status().Queue != 5 {
		t.Errorf("Status().Queue = %d, want 5", c.Status().Queue)
	}
}

func TestNewRefusesHTTPSWithoutPin(t *testing.T) {
	c := New(nil, Enrollment{HubURL: "https://127.0.0.1:1", Device: "t1", Token: "x"}, Options{})
	if c.tErr == nil || !strings.Contains(c.tErr.Error(), "fingerprint") {
		t.Errorf("https enrolment without a fingerprint: tErr = %v, want a refusal", c.tErr)
	}
	c = New(nil, Enrollment{HubURL: "http://192.0.2.1:1", Device: "t1", Token: "x"}, Options{})
	if !errors.Is(c.tErr, ErrInsecureURL) {
		t.Errorf("plain http off loopback: tErr = %v, want ErrInsecureURL", c.tErr)
	}
}

func TestStatusOldestAge(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	s := Status{Queue: 3, OldestUnsent: now.Add(-90 * time.Second)}
	if got := s.OldestAge(now); got != 90*time.Second {
		t.Errorf("OldestAge = %v, want 90s", got)
	}
	if got := (Status{OldestUnsent: now.Add(-time.Hour)}).OldestAge(now); got != 0 {
		t.Errorf("empty queue: OldestAge = %v, want 0", got)
	}
	if got := (Status{Queue: 1, OldestUnsent: now.Add(time.Hour)}).OldestAge(now); got != 0 {
		t.Errorf("device clock ahead: OldestAge = %v, want 0", got)
	}
}
