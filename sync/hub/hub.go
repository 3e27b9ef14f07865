// Package hub is scanhub's server: the v1 sync protocol over HTTP (enrol,
// push events, pull changes), device auth, and the operations the scanhub
// command runs on a store (devices, import, lot status, trace, export).
// Storage lives behind [Store], with implementations in sync/hub/sqlitestore
// and sync/hub/pgstore.
package hub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub/pgstore"
	"github.com/scanterm/scanterm/sync/hub/sqlitestore"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// Store is what the hub persists; see package store.
type (
	Store           = store.Store
	Device          = store.Device
	Event           = store.Event
	EventFilter     = store.EventFilter
	ExceptionFilter = store.ExceptionFilter
	Batch           = store.Batch
	ImportResult    = store.ImportResult
)

// Errors a Store returns, re-exported for errors.Is.
var (
	ErrNotFound     = store.ErrNotFound
	ErrExists       = store.ErrExists
	ErrBadCode      = store.ErrBadCode
	ErrUnauthorized = store.ErrUnauthorized
	ErrRevoked      = store.ErrRevoked
	ErrBadCursor    = store.ErrBadCursor
	ErrNotRevoked   = store.ErrNotRevoked
	// ErrUnknownProduct and ErrUnknownLot are ErrNotFound too.
	ErrUnknownProduct = store.ErrUnknownProduct
	ErrUnknownLot     = store.ErrUnknownLot
)

// OpenStore opens the store a DSN names: "sqlite:PATH" (a bare path ending
// in .db is taken as SQLite too) or "postgres://..." / "postgresql://...".
func OpenStore(ctx context.Context, dsn string) (Store, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlitestore.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return pgstore.Open(ctx, dsn)
	case strings.HasSuffix(dsn, ".db"):
		return sqlitestore.Open(ctx, dsn)
	}
	return nil, fmt.Errorf("database %q: want sqlite:PATH or postgres://URL", dsn)
}

// Options tune a Server; zero values take the defaults.
type Options struct {
	// NextFingerprint, when set, names the certificate a rotation will
	// switch to (RotateTLS); pull answers carry it so pinned terminals
	// follow the switch. "" when none.
	NextFingerprint func() string
	Logger          *slog.Logger     // nil = discard
	Now             func() time.Time // nil = time.Now
	MaxBodyBytes    int64            // request body limit, compressed and decompressed; 0 = DefaultMaxBodyBytes
	MaxEvents       int              // events per push; 0 = DefaultMaxEvents
	ChangesLimit    int              // records per changes page; 0 = DefaultChangesLimit
	Limits          Limits           // body deadlines and enrolment back-off (connection caps: LimitListener)
}

// Defaults for Options.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultMaxEvents    = 5000
	DefaultChangesLimit = 500
	DefaultCodeTTL      = 15 * time.Minute
)

// Server serves the v1 sync protocol from a Store. It is an http.Handler.
type Server struct {
	store  Store
	opt    Options
	log    *slog.Logger
	mux    *http.ServeMux
	limits Limits
	codes  *codeGuard
}

// New returns a Server over store.
func New(s Store, opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.MaxEvents <= 0 {
		opt.MaxEvents = DefaultMaxEvents
	}
	if opt.ChangesLimit <= 0 {
		opt.ChangesLimit = DefaultChangesLimit
	}
	opt.Limits = opt.Limits.withDefaults()
	srv := &Server{store: s, opt: opt, log: opt.Logger, mux: http.NewServeMux(), limits: opt.Limits, codes: newCodeGuard(opt.Limits)}
	srv.mux.HandleFunc("POST /v1/enroll", srv.handleEnroll)
	srv.mux.HandleFunc("POST /v1/events", srv.handleEvents)
	srv.mux.HandleFunc("GET /v1/changes", srv.handleChanges)
	srv.mux.HandleFunc("GET /v1/trace/{what}", srv.handleTrace)
	srv.mux.HandleFunc("/", srv.handleUnknown)
	return srv
}

// Store returns the store the server serves from.
func (s *Server) Store() Store { return s.store }

// AddDevice registers a device on the server's store and returns its
// one-time enrolment code, valid for ttl (0 = DefaultCodeTTL).
func (s *Server) AddDevice(ctx context.Context, name string, ttl time.Duration) (string, error) {
	return AddDevice(ctx, s.store, name, ttl, s.opt.Now())
}

// AddDevice registers a device (or re-issues the code of one not yet
// enrolled) and returns its one-time enrolment code, valid for ttl from now
// (0 = DefaultCodeTTL). Only the code's hash is stored.
func AddDevice(ctx context.Context, st Store, name string, ttl time.Duration, now time.Time) (string, error) {
	if err := ValidDeviceName(name); err != nil {
		return "", err
	}
	if ttl <= 0 {
		ttl = DefaultCodeTTL
	}
	code := newCode()
	if err := st.AddDevice(ctx, name, HashSecret(NormalizeCode(code)), now.Add(ttl), now); err != nil {
		return "", err
	}
	return code, nil
}

// ReinstateDevice gives a revoked device a new one-time enrolment code,
// valid for ttl from now (0 = DefaultCodeTTL), under its own name: the
// terminal enrols again and delivers the events it still queues, from the
// seq the hub expects. The old token stays refused.
func ReinstateDevice(ctx context.Context, st Store, name string, ttl time.Duration, now time.Time) (string, error) {
	if ttl <= 0 {
		ttl = DefaultCodeTTL
	}
	code := newCode()
	if err := st.ReinstateDevice(ctx, name, HashSecret(NormalizeCode(code)), now.Add(ttl), now); err != nil {
		return "", err
	}
	return code, nil
}

// ValidDeviceName refuses names that would be awkward in files, URLs and
// reports: 1-64 of letters, digits, '-', '_' and '.'.
func ValidDeviceName(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("device name %q: want 1 to 64 characters", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("device name %q: only letters, digits, '-', '_' and '.' are allowed", name)
		}
	}
	return nil
}

// codeAlphabet leaves out 0/O and 1/I/L so a code read aloud or keyed on a
// handheld is not mistyped.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode returns a one-time code like "K7QF-9M2X-PRTW" (about 59 bits).
func newCode() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(x)%len(codeAlphabet)])
	}
	return sb.String()
}

// NormalizeCode makes a keyed code comparable: upper case, no dashes or
// spaces.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// newToken returns a device bearer token (256 random bits).
func newToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "st1_" + hex.EncodeToString(b[:])
}

// HashSecret is how codes and tokens are stored: hex SHA-256. Both are long
// random values, so a fast hash is enough.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
