package hub

import (
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what clients can hold of the hub, so a flood of slow or bad
// connections (a broken script, an attacker on the site network) cannot
// starve the terminals' syncs. Zero values take the defaults.
type Limits struct {
	MaxConns        int           // open connections from all clients; 0 = 4096
	MaxConnsPerAddr int           // open connections from one address; 0 = 64
	HeaderTimeout   time.Duration // to read a request's headers; 0 = 5 s
	ShortBody       time.Duration // to read the body of enrolment (no token yet); 0 = 5 s
	// A push's body may take PushBody plus one second per PushRate bytes
	// it announces (a large batch over a weak Wi-Fi link), at most two
	// minutes.
	PushBody time.Duration // 0 = 15 s
	PushRate int64         // bytes a second; 0 = 16 KiB
	// A client address that sends BadCodes wrong enrolment codes within
	// BadCodeWindow is refused enrolment until the window has passed.
	BadCodes      int           // 0 = 10
	BadCodeWindow time.Duration // 0 = 1 min
}

func (l Limits) withDefaults() Limits {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if l.MaxConns <= 0 {
		l.MaxConns = 4096
	}
	if l.MaxConnsPerAddr <= 0 {
		l.MaxConnsPerAddr = 64
	}
	def(&l.HeaderTimeout, 5*time.Second)
	def(&l.ShortBody, 5*time.Second)
	def(&l.PushBody, 15*time.Second)
	def(&l.BadCodeWindow, time.Minute)
	if l.PushRate <= 0 {
		l.PushRate = 16 << 10
	}
	if l.BadCodes <= 0 {
		l.BadCodes = 10
	}
	return l
}

// maxBodyTime caps any body's read, whatever it announces.
const maxBodyTime = 2 * time.Minute

// NewHTTPServer is the http.Server scanhub serves h with: headers must
// arrive within the header timeout, each route sets its own body deadline
// (see Server.bodyDeadline), and idle keep-alive connections are closed
// after a minute.
func NewHTTPServer(h http.Handler, l Limits, log *slog.Logger) *http.Server {
	l = l.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.HeaderTimeout,
		ReadTimeout:       maxBodyTime + l.HeaderTimeout,
		WriteTimeout:      maxBodyTime + l.HeaderTimeout,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// LimitListener closes, as soon as they are accepted, connections beyond
// the limits overall and per client address. Wrap it in TLS, not the other
// way round, so a refused connection costs no handshake.
func LimitListener(ln net.Listener, l Limits, log *slog.Logger) net.Listener {
	l = l.withDefaults()
	return &limitListener{Listener: ln, max: l.MaxConns, perAddr: l.MaxConnsPerAddr, open: map[string]int{}, log: log, warned: map[string]time.Time{}}
}

type limitListener struct {
	net.Listener
	max, perAddr int
	log          *slog.Logger

	mu     sync.Mutex
	total  int
	open   map[string]int       // open connections by client address
	warned map[string]time.Time // last warning by address, so a flood logs once a minute
}

func (ll *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := hostOf(c.RemoteAddr().String())
		ll.mu.Lock()
		over := ""
		switch {
		case ll.total >= ll.max:
			over = "all clients"
		case ll.open[addr] >= ll.perAddr:
			over = "this address"
		}
		if over == "" {
			ll.total++
			ll.open[addr]++
			ll.mu.Unlock()
			return &limitedConn{Conn: c, ll: ll, addr: addr}, nil
		}
		now := time.Now()
		warn := now.Sub(ll.warned[addr]) > time.Minute
		if warn {
			ll.warned[addr] = now
		}
		ll.mu.Unlock()
		c.Close()
		if warn {
			ll.log.Warn("connection limit reached; refusing connections", "client", addr, "limit", over, "max_conns", ll.max, "max_per_addr", ll.perAddr)
		}
	}
}

func (ll *limitListener) release(addr string) {
	ll.mu.Lock()
	ll.total--
	if ll.open[addr]--; ll.open[addr] <= 0 {
		delete(ll.open, addr)
	}
	ll.mu.Unlock()
}

type limitedConn struct {
	net.Conn
	ll   *limitListener
	addr string
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.ll.release(c.addr) })
	return err
}

// hostOf is the address part of host:port.
func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// bodyDeadline is how long a request's body may take to arrive: seconds on
// routes without a token, by announced size on a push.
func (s *Server) bodyDeadline(r *http.Request) time.Duration {
	if r.URL.Path != "/v1/events" {
		return s.limits.ShortBody
	}
	d := s.limits.PushBody
	if n := r.ContentLength; n > 0 {
		d += time.Duration(n/s.limits.PushRate) * time.Second
	}
	return min(d, maxBodyTime)
}

// codeGuard counts wrong enrolment codes per client address, so nobody can
// try codes by the thousand.
type codeGuard struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	fails  map[string][]time.Time
}

func newCodeGuard(l Limits) *codeGuard {
	return &codeGuard{limit: l.BadCodes, window: l.BadCodeWindow, fails: map[string][]time.Time{}}
}

// blocked reports whether addr must wait, and until when.
func (g *codeGuard) blocked(addr string, now time.Time) (bool, time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	fs := g.recent(addr, now)
	if len(fs) < g.limit {
		return false, time.Time{}
	}
	return true, fs[0].Add(g.window)
}

// fail records a wrong code from addr and reports whether it just tripped
// the limit.
func (g *codeGuard) fail(addr string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	fs := append(g.recent(addr, now), now)
	g.fails[addr] = fs
	if len(g.fails) > 10000 {
		// Forget addresses whose failures have all expired, so a scan
		// from many addresses cannot grow the map without bound.
		for a := range g.fails {
			if len(g.recent(a, now)) == 0 {
				delete(g.fails, a)
			}
		}
	}
	return len(fs) == g.limit
}

func (g *codeGuard) recent(addr string, now time.Time) []time.Time {
	fs := g.fails[addr]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= g.window {
		i++
	}
	if i == len(fs) {
		delete(g.fails, addr)
		return nil
	}
	g.fails[addr] = fs[i:]
	return fs[i:]
}
