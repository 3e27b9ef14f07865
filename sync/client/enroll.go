package client

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/wire"
)

// EnrollmentFile is the file in the terminal's data folder that holds the
// enrolment (the token is a secret: mode 0600).
const EnrollmentFile = "enrollment.json"

// Enrollment is what a terminal needs to talk to its hub.
type Enrollment struct {
	HubURL      string    `json:"hub_url"`
	Device      string    `json:"device"`
	Token       string    `json:"token"`
	Fingerprint string    `json:"fingerprint,omitempty"` // "sha256:hex" of the hub's leaf certificate; empty over http
	AllowHTTP   bool      `json:"allow_http,omitempty"`  // plain http to a non-loopback hub was asked for explicitly
	EnrolledAt  time.Time `json:"enrolled_at,omitzero"`
	// Warehouses limits the site's stock and serial state this terminal
	// pulls to those warehouses' locations; empty means the whole site.
	Warehouses []string `json:"warehouses,omitempty"`
	// Incarnation is the hub's count of the times this device started
	// its ledger over; HubAckSeq is the last seq the hub held for it at
	// enrolment, the seq base of a new incarnation (see
	// localdb.StartIncarnation). HubAckSeq is not stored.
	// Trust says how the hub's certificate is checked over https:
	// TrustPinned (the default, also for enrolments from before this
	// field) compares it with Fingerprint; TrustAuthority verifies its
	// chain to a trusted authority and the hub's host name, so a renewed
	// certificate is taken without enrolling again (Fingerprint then only
	// records the certificate seen at enrolment).
	Trust       string `json:"trust,omitempty"`
	Incarnation int64  `json:"incarnation,omitempty"`
	HubAckSeq   int64  `json:"-"`
}

// How a hub certificate is trusted (Enrollment.Trust).
const (
	TrustPinned    = "pinned"
	TrustAuthority = "authority"
)

// EnrollOptions tune Enroll.
type EnrollOptions struct {
	// Roots are the trusted authorities; nil means the system's.
	Roots *x509.CertPool
	// Fingerprint the operator read from scanhub serve; when set, the hub's
	// certificate must match it (whoever signed it).
	Fingerprint string
	// AllowHTTP permits plain http to a hub that is not on loopback.
	AllowHTTP bool
	// AppVersion is sent to the hub for its device list.
	AppVersion string
	// Timeout bounds the request; 0 means 30 s.
	Timeout time.Duration
	// Now stamps EnrolledAt; nil means time.Now.
	Now func() time.Time
}

// Enroll trades a one-time code for a device token. Over HTTPS it pins the
// hub's certificate: the operator's Fingerprint when given, else the
// certificate seen, which must then chain to a trusted authority (a
// self-signed hub certificate needs --fingerprint, so a man in the middle
// cannot be pinned by accident).
func Enroll(ctx context.Context, hubURL, code string, opt EnrollOptions) (Enrollment, error) {
	u, err := checkURL(hubURL, opt.AllowHTTP)
	if err != nil {
		return Enrollment{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return Enrollment{}, errors.New("enrolment code is empty: scanhub device add NAME prints one")
	}
	pin := ""
	if opt.Fingerprint != "" {
		if u.Scheme != "https" {
			return Enrollment{}, fmt.Errorf("--fingerprint needs an https hub URL, got %s", u.Redacted())
		}
		if pin, err = NormalizeFingerprint(opt.Fingerprint); err != nil {
			return Enrollment{}, err
		}
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	var seen string
	t := newTransport(u, "", pin, timeout, min(timeout, 10*time.Second), &seen, opt.Roots)
	t.appVersion = opt.AppVersion
	defer t.close()
	var resp wire.EnrollResponse
	err = t.do(ctx, "POST", "/v1/enroll", nil, wire.EnrollRequest{Code: code, AppVersion: opt.AppVersion}, &resp)
	if err != nil {
		var he *HTTPError
		if errors.As(err, &he) && (he.Status == 401 || he.Status == 403 || he.Status == 404 || he.Status == 400) {
			return Enrollment{}, fmt.Errorf("enrol with %s: the code was refused (wrong, used or expired; ask for a new one with scanhub device add): %w", u.Redacted(), err)
		}
		return Enrollment{}, fmt.Errorf("enrol with %s: %w", u.Redacted(), err)
	}
	if resp.Token == "" || resp.Device == "" {
		return Enrollment{}, fmt.Errorf("enrol with %s: the hub answered without a device or token", u.Redacted())
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	e := Enrollment{HubURL: u.String(), Device: resp.Device, Token: resp.Token, AllowHTTP: opt.AllowHTTP, EnrolledAt: now().UTC(),
		Incarnation: resp.Incarnation, HubAckSeq: resp.AckSeq}
	if u.Scheme == "https" {
		e.Fingerprint = seen
		if e.Fingerprint == "" {
			return Enrollment{}, fmt.Errorf("enrol with %s: no certificate seen to pin", u.Redacted())
		}
		// Without the operator's fingerprint the certificate passed the
		// chain and host name check: keep checking it that way, so the
		// authority's renewals need no re-enrolment. A self-signed one
		// (given by fingerprint) stays pinned.
		e.Trust = TrustPinned
		if pin == "" {
			e.Trust = TrustAuthority
		}
	}
	return e, nil
}

// SaveEnrollment writes DIR/enrollment.json with mode 0600, atomically (a
// temporary file, fsync, rename) so a power cut leaves the old or the new
// file, never half of one. DIR is created (0700) if missing.
func SaveEnrollment(dir string, e Enrollment) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	f, err := os.CreateTemp(dir, ".enrollment-*.tmp")
	if err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	if _, err = f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	if err = os.Rename(f.Name(), filepath.Join(dir, EnrollmentFile)); err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // make the rename durable; best effort where dirs cannot be synced
		d.Close()
	}
	return nil
}

// LoadEnrollment reads DIR/enrollment.json; ErrNotEnrolled when it is not
// there. A file others can read is refused: it holds the device token.
func LoadEnrollment(dir string) (Enrollment, error) {
	path := filepath.Join(dir, EnrollmentFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Enrollment{}, fmt.Errorf("%s: %w", dir, ErrNotEnrolled)
	}
	if err != nil {
		return Enrollment{}, fmt.Errorf("load enrolment: %w", err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return Enrollment{}, fmt.Errorf("load enrolment: %s is readable by others (mode %v): chmod 600 it", path, st.Mode().Perm())
	}
	var e Enrollment
	if err := json.Unmarshal(b, &e); err != nil {
		return Enrollment{}, fmt.Errorf("load enrolment: %s: %w", path, err)
	}
	if e.HubURL == "" || e.Device == "" || e.Token == "" {
		return Enrollment{}, fmt.Errorf("load enrolment: %s lacks hub_url, device or token: enrol again", path)
	}
	return e, nil
}
