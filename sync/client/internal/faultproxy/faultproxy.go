// Package faultproxy is a reverse proxy for tests that sits between a
// terminal and its hub on 127.0.0.1 and breaks requests on purpose: it drops
// them, drops the answer after the hub committed, delays, duplicates, cuts
// bodies, resets connections, or restarts the hub mid-request. The sync
// tests use it to show that every fault converges to exactly one copy of
// each event on the hub.
package faultproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scanterm/scanterm/sync/wire"
)

// Fault is what the proxy does to one request.
type Fault int

const (
	// Pass forwards the request and relays the answer.
	Pass Fault = iota
	// DropRequest closes the client's connection without forwarding:
	// the hub never sees the request.
	DropRequest
	// DropResponse forwards the request, lets the hub answer (and
	// commit), then closes the client's connection without an answer.
	DropResponse
	// Delay waits Options.Delay, then forwards.
	Delay
	// Duplicate forwards the request twice at once and relays one answer.
	Duplicate
	// CutRequest sends the hub the headers and only half the body, then
	// closes both connections: the hub must store nothing.
	CutRequest
	// CutResponse forwards, then relays the headers and half of the
	// answer's body and closes the client's connection.
	CutResponse
	// Reset closes the client's connection with a TCP RST before forwarding.
	Reset
	// ResetAfter forwards, then resets the client's connection.
	ResetAfter
	// RestartHub forwards, then calls Options.Restart before answering
	// (the answer is lost with the old hub's connection).
	RestartHub
	// RestartDuring calls Options.Restart while the request is on its way
	// to the hub or being applied: the hub may or may not have committed
	// it, and the client gets no answer.
	RestartDuring
	// Unavailable answers 503 with a wire.Error body without forwarding,
	// as a load balancer in front of a busy hub would.
	Unavailable
	// SlowAnswer forwards, then waits Options.Delay before relaying the
	// answer: a client with a shorter timeout gives up although the hub
	// committed.
	SlowAnswer
	numFaults

	// WrongProtocol forwards with the protocol header set to another
	// version, as a hub of another version would see the terminal. It is
	// not in All: it stops syncing for good.
	WrongProtocol Fault = 100
)

var faultNames = [...]string{"pass", "drop-request", "drop-response", "delay", "duplicate", "cut-request",
	"cut-response", "reset", "reset-after", "restart-hub", "restart-during",
	"unavailable", "slow-answer"}

func (f Fault) String() string {
	if f >= 0 && f < numFaults {
		return faultNames[f]
	}
	if f == WrongProtocol {
		return "wrong-protocol"
	}
	return fmt.Sprintf("fault(%d)", int(f))
}

// All lists every fault, for tests that cycle through them.
func All() []Fault {
	out := make([]Fault, 0, numFaults)
	for f := Pass; f < numFaults; f++ {
		out = append(out, f)
	}
	return out
}

// Options configure a Proxy.
type Options struct {
	// Target is the hub's base URL (http://127.0.0.1:PORT).
	Target string
	// Plan picks the fault for the n-th request (from 1); nil passes all.
	Plan func(n int64, r *http.Request) Fault
	// Delay is the wait of the Delay and SlowAnswer faults; 0 means 50 ms.
	Delay time.Duration
	// Restart restarts the hub for RestartHub; it must return once the
	// hub listens again at Target.
	Restart func()
	// BeforeHub, when set, is called just before the n-th request is
	// forwarded (a test can kill the hub from there, mid-request).
	BeforeHub func(n int64)
	// AfterHub, when set, is called after the hub answered the n-th
	// request and before the proxy relays anything (a test can kill the
	// terminal there, mid-push).
	AfterHub func(n int64, status int)
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	URL    string // http://127.0.0.1:PORT, what the terminal talks to
	opt    Options
	target *url.URL
	srv    *http.Server
	ln     net.Listener
	hub    *http.Client
	n      atomic.Int64

	// handlers counts requests in flight, so Close returns only after the
	// last one (and the test hooks it calls) is done: a hook must never
	// run after the test that set it has moved on. closed, set under mu,
	// turns away requests whose connection was accepted before Close but
	// whose handler starts after it (http.Server.Close does not wait for
	// those), so no Add can follow the Wait.
	handlers sync.WaitGroup

	mu     sync.Mutex
	closed bool
	counts map[Fault]int
}

// Start listens on a free port of 127.0.0.1 and serves until Close.
func Start(opt Options) (*Proxy, error) {
	u, err := url.Parse(opt.Target)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("faultproxy: target %q: want http://HOST:PORT", opt.Target)
	}
	if opt.Delay <= 0 {
		opt.Delay = 50 * time.Millisecond
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: %w", err)
	}
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true} // one connection per forward: a hub restart leaves no stale ones
	p := &Proxy{URL: "http://" + ln.Addr().String(), opt: opt, target: u, ln: ln,
		hub: &http.Client{Transport: tr, Timeout: 30 * time.Second}, counts: map[Fault]int{}}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// Close stops the proxy and drops its connections.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.srv.Close()
	done := make(chan struct{})
	go func() { p.handlers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		return errors.New("faultproxy: requests still running 30s after Close")
	}
	return err
}

// Counts says how many requests got each fault so far.
func (p *Proxy) Counts() map[Fault]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[Fault]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

// Requests is how many requests reached the proxy.
func (p *Proxy) Requests() int64 { return p.n.Load() }

// answer is a hub answer held in memory so it can be relayed, cut or dropped.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		closeConn(w, false)
		return
	}
	p.handlers.Add(1)
	p.mu.Unlock()
	defer p.handlers.Done()
	n := p.n.Add(1)
	fault := Pass
	if p.opt.Plan != nil {
		fault = p.opt.Plan(n, r)
	}
	p.mu.Lock()
	p.counts[fault]++
	p.mu.Unlock()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "faultproxy: read request: "+err.Error(), http.StatusBadGateway)
		return
	}
	switch fault {
	case DropRequest:
		closeConn(w, false)
		return
	case Reset:
		closeConn(w, true)
		return
	case Delay:
		select {
		case <-time.After(p.opt.Delay):
		case <-r.Context().Done():
			return
		}
	case CutRequest:
		p.cutRequest(r, body)
		closeConn(w, false)
		return
	case Unavailable:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"code":"unavailable","message":"faultproxy: hub busy, retry later"}`))
		return
	}
	if p.opt.BeforeHub != nil {
		p.opt.BeforeHub(n)
	}
	var a answer
	if fault == RestartDuring {
		fwd := make(chan struct{})
		go func() {
			defer close(fwd)
			p.forward(r, body, fault)
		}()
		if p.opt.Restart != nil {
			p.opt.Restart()
		}
		<-fwd
		closeConn(w, false)
		return
	}
	if fault == Duplicate {
		var wg sync.WaitGroup
		var second answer
		var err2 error
		wg.Add(1)
		go func() {
			defer wg.Done()
			second, err2 = p.forward(r, body, fault)
		}()
		a, err = p.forward(r, body, fault)
		wg.Wait()
		if err != nil && err2 == nil {
			a, err = second, nil
		}
	} else {
		a, err = p.forward(r, body, fault)
	}
	if p.opt.AfterHub != nil {
		st := a.status
		if err != nil {
			st = 0
		}
		p.opt.AfterHub(n, st)
	}
	if err != nil {
		// The hub is down or went away: what a real network shows is a
		// broken connection, not an answer.
		closeConn(w, false)
		return
	}
	switch fault {
	case DropResponse:
		closeConn(w, false)
		return
	case ResetAfter:
		closeConn(w, true)
		return
	case RestartHub:
		if p.opt.Restart != nil {
			p.opt.Restart()
		}
		closeConn(w, false)
		return
	case CutResponse:
		p.cutResponse(w, a)
		return
	case SlowAnswer:
		select {
		case <-time.After(p.opt.Delay):
		case <-r.Context().Done(): // the client gave up: it gets nothing
			return
		}
	}
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// forward sends the request to the hub and reads the whole answer.
func (p *Proxy) forward(r *http.Request, body []byte, fault Fault) (answer, error) {
	u := *p.target
	u.Path, u.RawQuery = r.URL.Path, r.URL.RawQuery
	req, err := http.NewRequestWithContext(context.WithoutCancel(r.Context()), r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	req.Header = r.Header.Clone()
	if fault == WrongProtocol {
		req.Header.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion+1))
	}
	req.ContentLength = int64(len(body))
	resp, err := p.hub.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, header: resp.Header.Clone(), body: b}, nil
}

// cutRequest writes the request to the hub with its full Content-Length
// but half the body, then hangs up.
func (p *Proxy) cutRequest(r *http.Request, body []byte) {
	conn, err := net.DialTimeout("tcp", p.target.Host, 5*time.Second)
	if err != nil {
		return
	}
	defer conn.Close()
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.URL.RequestURI(), p.target.Host)
	h := r.Header.Clone()
	h.Del("Content-Length")
	h.Write(&head)
	fmt.Fprintf(&head, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(body))
	conn.Write(head.Bytes())
	conn.Write(body[:len(body)/2])
	// Give the hub a moment to start reading before the cut, so the cut
	// lands mid-body rather than before it.
	time.Sleep(10 * time.Millisecond)
}

// cutResponse relays the headers (with the full Content-Length) and half
// of the body, then closes the connection.
func (p *Proxy) cutResponse(w http.ResponseWriter, a answer) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", a.status, http.StatusText(a.status))
	h := a.header.Clone()
	h.Del("Content-Length")
	h.Del("Transfer-Encoding")
	h.Write(buf)
	fmt.Fprintf(buf, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(a.body))
	buf.Write(a.body[:len(a.body)/2])
	buf.Flush()
}

// closeConn hangs up on the client without an answer; with reset, as a
// TCP RST (SO_LINGER 0) rather than a FIN.
func closeConn(w http.ResponseWriter, reset bool) {
	hj, ok := w.(http.Hijacker)
	if !ok { // net/http's HTTP/1 server always can; be safe anyway
		http.Error(w, "faultproxy: cannot hang up on this connection", http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		tc.SetLinger(0)
	}
	conn.Close()
}
