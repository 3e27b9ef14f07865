package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/scanterm/scanterm/sync/wire"
)

// Errors a caller tells apart with errors.Is.
var (
	// ErrNotEnrolled: the data folder has no enrollment.json.
	ErrNotEnrolled = errors.New("terminal is not enrolled: run scanterm enroll URL CODE")
	// ErrRevoked: a supervisor revoked this device at the hub (HTTP 401,
	// code revoked). Syncing stops; the queue is kept for after the device
	// is reinstated and enrolled again.
	ErrRevoked = errors.New("the hub has revoked this terminal")
	// ErrUnknownToken: the hub does not know the device token (HTTP 401,
	// any code but revoked): never issued by this hub, or replaced by a
	// later enrolment. Syncing stops; the queue is kept for re-enrolment.
	ErrUnknownToken = errors.New("the hub does not know this terminal's token")
	// ErrProtocol: the hub speaks another protocol version (HTTP 426).
	ErrProtocol = errors.New("the hub speaks another sync protocol version")
	// ErrDiverged: the hub found this device's ledger differs from what
	// it holds (HTTP 409, code diverged). Syncing stops; the queue is kept.
	ErrDiverged = errors.New("the hub found this terminal's ledger diverged from its own")
	// ErrFingerprint: the hub's certificate is not the one pinned.
	ErrFingerprint = errors.New("hub certificate does not match the pinned fingerprint")
	// ErrInsecureURL: plain HTTP to a hub that is not on loopback.
	ErrInsecureURL = errors.New("plain http is allowed only for a hub on this machine (use https)")
	// ErrForbidden: the hub refused the request for this device (for
	// example events that name another device). Retrying will not help.
	ErrForbidden = errors.New("the hub refused the request for this device")
)

// HTTPError is a non-2xx answer from the hub: its status and its
// wire.Error body (Code is empty when the body was not one). errors.As
// finds the body as a *wire.Error too.
type HTTPError struct {
	Status  int
	Code    wire.Code
	Message string
}

func (e *HTTPError) Error() string {
	if e.Code == "" && e.Message == "" {
		return fmt.Sprintf("hub answered HTTP %d", e.Status)
	}
	return fmt.Sprintf("hub answered HTTP %d: %s: %s", e.Status, e.Code, e.Message)
}

// Unwrap gives the body, so callers branch on wire codes with errors.As.
func (e *HTTPError) Unwrap() error { return &wire.Error{Code: e.Code, Message: e.Message} }

// Is maps status and code onto the sentinels so callers need not know the
// codes. A 401 is a revocation only when the hub says so; any other 401
// (an unknown token, a proxy's) means the token is no good here.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrRevoked:
		return e.Status == http.StatusUnauthorized && e.Code == wire.CodeRevoked
	case ErrUnknownToken:
		return e.Status == http.StatusUnauthorized && e.Code != wire.CodeRevoked
	case ErrProtocol:
		return e.Status == http.StatusUpgradeRequired
	case ErrDiverged:
		return e.Status == http.StatusConflict && e.Code == wire.CodeDiverged
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	}
	return false
}

// temporary reports whether retrying the same request later may succeed:
// network errors, timeouts, 5xx, 408 and 429. Everything else (4xx) is the
// request's or the token's fault.
func temporary(err error) bool {
	if err == nil {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusRequestTimeout || he.Status == http.StatusTooManyRequests
	}
	if errors.Is(err, ErrFingerprint) || errors.Is(err, ErrInsecureURL) {
		return false
	}
	// Transport errors: refused, reset, timeout, EOF, truncated bodies.
	return true
}

// Fingerprint returns the pin of a certificate: "sha256:" and the lower-case
// hex SHA-256 of its DER bytes.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// NormalizeFingerprint accepts "sha256:HEX", bare HEX, or HEX with colons
// (as openssl prints it), in any case, and returns "sha256:lowerhex".
func NormalizeFingerprint(s string) (string, error) {
	t := strings.TrimSpace(s)
	if i := strings.IndexByte(t, ':'); i == 6 && strings.EqualFold(t[:6], "sha256") {
		t = t[7:]
	}
	t = strings.ToLower(strings.ReplaceAll(t, ":", ""))
	b, err := hex.DecodeString(t)
	if err != nil || len(b) != sha256.Size {
		return "", fmt.Errorf("fingerprint %q: want sha256:<64 hex digits> as scanhub serve prints it", s)
	}
	return "sha256:" + t, nil
}

// checkURL parses a hub base URL and refuses plain HTTP off loopback unless
// allowed.
func checkURL(raw string, allowHTTP bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil {
		return nil, fmt.Errorf("hub URL %q: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("hub URL %q: want http://HOST:PORT or https://HOST:PORT", raw)
	}
	if u.Scheme == "http" && !allowHTTP && !loopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("hub URL %q: %w", raw, ErrInsecureURL)
	}
	return u, nil
}

func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// transport is one hub connection: base URL, token, pinned certificate.
type transport struct {
	base       *url.URL
	token      string
	appVersion string
	http       *http.Client
	// hubTime, when set, receives the hub's clock from every answer that
	// carries it (wire.HeaderHubTime).
	hubTime func(time.Time)
	// pin is the pinned fingerprint ("" verifies by chain); next, the
	// certificate a rotating hub announced (accepted too). promoted is
	// set when the hub presented next: the rotation happened.
	pin, next atomic.Value // string
	promoted  atomic.Bool
	// nextSeen, when set, receives a pull answer's announced next
	// certificate (wire.HeaderNextFingerprint).
	nextSeen func(string)
	// onPromote, when set, is called after an answer over a connection
	// that presented next.
	onPromote func()
}

// headerAppVersion carries the terminal's version so `scanhub devices` can
// show it (the hub's HeaderAppVersion; the client does not import the hub).
const headerAppVersion = "Scanterm-App-Version"

// newTransport builds an HTTP client for base. With pin set, the TLS leaf
// must hash to it (the chain is not checked: the pin is stronger). With no
// pin, the chain is checked against the system roots; seen, when not nil,
// receives the leaf's fingerprint either way so enrolment can record it or
// show it in an error.
//
// answer bounds each wait for the hub to answer at all: connecting, the
// TLS handshake and the response's headers; timeout bounds the whole
// request, body included.
// The host name checked is the hub URL's (an IP address is checked against
// the certificate's IP addresses): the TLS layer sends no server name for
// an IP, so cs.ServerName would check nothing. roots nil means the system's.
func newTransport(base *url.URL, token, pin string, timeout, answer time.Duration, seen *string, roots *x509.CertPool) *transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: answer, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = answer
	tr.ResponseHeaderTimeout = answer
	tr.Proxy = nil // a terminal talks to its hub directly; env proxies would break pinning semantics
	tr.MaxIdleConnsPerHost = 2
	t := &transport{base: base, token: token}
	t.pin.Store(pin)
	t.next.Store("")
	tr.TLSClientConfig = &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verified below: by pin, or by the system roots
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return ErrFingerprint
			}
			leaf := cs.PeerCertificates[0]
			fp := Fingerprint(leaf)
			if seen != nil {
				*seen = fp
			}
			if pin := t.pin.Load().(string); pin != "" {
				if next := t.next.Load().(string); next != "" && fp == next && fp != pin {
					t.promoted.Store(true)
					return nil
				}
				if fp != pin {
					return fmt.Errorf("%w: hub presented %s, pinned %s", ErrFingerprint, fp, pin)
				}
				return nil
			}
			opts := x509.VerifyOptions{DNSName: base.Hostname(), Intermediates: x509.NewCertPool(), Roots: roots}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			if _, err := leaf.Verify(opts); err != nil {
				return &untrustedError{fp: fp, err: err}
			}
			return nil
		},
	}
	t.http = &http.Client{Transport: tr, Timeout: timeout}
	return t
}

// untrustedError: a certificate that no known authority signed, with the
// fingerprint the operator can compare with what scanhub serve printed.
type untrustedError struct {
	fp  string
	err error
}

func (e *untrustedError) Error() string {
	return fmt.Sprintf("hub certificate is not signed by a trusted authority (%v); its fingerprint is %s: "+
		"if it matches the one scanhub serve printed, enrol again with --fingerprint %s", e.err, e.fp, e.fp)
}

func (e *untrustedError) Unwrap() error { return ErrFingerprint }

// do sends one request: body (if not nil) as gzip JSON, the protocol
// header, the bearer token; a 2xx answer is decoded into out, anything else
// becomes an *HTTPError. The response body is limited to maxAnswer bytes.
func (t *transport) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	u := *t.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body != nil {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(body); err != nil {
			return fmt.Errorf("encode %s body: %w", path, err)
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("compress %s body: %w", path, err)
		}
		rd = &buf
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
	}
	if t.token != "" {
		req.Header.Set("Authorization", "Bearer "+t.token)
	}
	if t.appVersion != "" {
		req.Header.Set(headerAppVersion, t.appVersion)
	}
	// Go's transport asks for gzip and inflates the answer by itself as
	// long as we do not set Accept-Encoding.
	resp, err := t.http.Do(req)
	if err != nil {
		// *url.Error repeats method and URL; keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if t.onPromote != nil && t.promoted.CompareAndSwap(true, false) {
		t.onPromote()
	}
	if v := resp.Header.Get(wire.HeaderNextFingerprint); v != "" && t.nextSeen != nil {
		t.nextSeen(v)
	}
	if t.hubTime != nil {
		if ht, err := time.Parse(time.RFC3339Nano, resp.Header.Get(wire.HeaderHubTime)); err == nil {
			t.hubTime(ht)
		}
	}
	lr := io.LimitReader(resp.Body, maxAnswer)
	if resp.StatusCode/100 != 2 {
		he := &HTTPError{Status: resp.StatusCode}
		var we wire.Error
		if b, _ := io.ReadAll(io.LimitReader(lr, 64<<10)); json.Unmarshal(b, &we) == nil {
			he.Code, he.Message = we.Code, we.Message
		} else if len(b) > 0 {
			he.Message = strings.TrimSpace(string(b))
		}
		return fmt.Errorf("%s %s: %w", method, path, he)
	}
	if err := json.NewDecoder(lr).Decode(out); err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return nil
}

// maxAnswer bounds what one answer may hold in memory (a page of changes).
const maxAnswer = 64 << 20

func (t *transport) close() { t.http.CloseIdleConnections() }
