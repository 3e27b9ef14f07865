package console

import (
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// Options tune a Console; zero values take the defaults.
type Options struct {
	Logger *slog.Logger     // nil = discard
	Now    func() time.Time // nil = time.Now; tests fix it to expire sessions
	// IdleTimeout signs a session out after this long without a request;
	// 0 = DefaultIdleTimeout.
	IdleTimeout time.Duration
	// HubURL is the sync protocol's address as terminals reach it (printed
	// by scanhub serve), put in enrolment QR codes.
	HubURL string
	// Fingerprint is the hub certificate's "sha256:…" for terminals to pin
	// (empty over plain HTTP), also put in enrolment QR codes.
	Fingerprint string
	// ShortDays marks a lot as short-dated when it expires within this many
	// days; 0 = DefaultShortDays.
	ShortDays int
	// MaxUploadBytes bounds an import upload; 0 = DefaultMaxUploadBytes.
	MaxUploadBytes int64
}

// Defaults for Options.
const (
	DefaultIdleTimeout    = 30 * time.Minute
	DefaultShortDays      = 30
	DefaultMaxUploadBytes = 8 << 20
	// Failed sign-ins allowed per client address and per account in
	// signInWindow before further attempts are refused.
	signInMaxFails = 5
	signInWindow   = 15 * time.Minute
)

// Console serves the web console and its JSON API. It is an http.Handler.
type Console struct {
	st      store.Store
	opt     Options
	log     *slog.Logger
	now     func() time.Time
	pages   map[string]*template.Template
	limit   *limiter
	handler http.Handler
}

// New returns the console over st.
func New(st store.Store, opt Options) (*Console, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.ShortDays <= 0 {
		opt.ShortDays = DefaultShortDays
	}
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = DefaultMaxUploadBytes
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	c := &Console{st: st, opt: opt, log: opt.Logger, now: opt.Now, pages: pages,
		limit: newLimiter(signInMaxFails, signInWindow)}
	mux := http.NewServeMux()
	c.routes(mux)
	// Every non-safe request from another site is refused before any
	// handler runs: the browser's Sec-Fetch-Site (or Origin) tells.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		c.fail(w, r, http.StatusForbidden, "cross-origin request refused: submit the form from the console's own pages")
	}))
	c.handler = securityHeaders(cop.Handler(mux))
	return c, nil
}

func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// securityHeaders sets what every answer carries: no framing (clickjacking),
// no MIME sniffing, no referrer leaking lot codes to other sites, and a
// content policy that allows only the console's own resources (inline
// styles and data: images for the QR code and the chart).
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
