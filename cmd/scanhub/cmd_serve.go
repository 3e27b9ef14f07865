package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/console"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "scanhub serve [--db DSN] [--listen ADDR] [--tls-cert F --tls-key F] [--state DIR] [--insecure-http]",
		"Serve the v1 sync protocol (under /v1/) and the web console with its JSON API\n(every other path; accounts: scanhub user add). With --tls-cert/--tls-key it serves HTTPS with that\ncertificate; otherwise, on a non-loopback address, it creates a self-signed\ncertificate on first start (in --state, default beside the SQLite file) and\nprints its fingerprint for scanterm enroll to pin. Plain HTTP is served only\non loopback addresses or with --insecure-http. The first line printed is\n\"scanhub: listening on URL\".",
		"scanhub serve --db sqlite:var/hub.db --listen 0.0.0.0:8443")
	db := dbFlag(fs)
	listen := fs.String("listen", "127.0.0.1:8765", "`ADDR` to listen on (host:port; port 0 picks a free one)")
	certFile := fs.String("tls-cert", "", "PEM certificate `FILE` for HTTPS")
	keyFile := fs.String("tls-key", "", "PEM key `FILE` for HTTPS")
	stateDir := fs.String("state", "", "`DIR` for the self-signed certificate (default: beside the SQLite file, else ./var)")
	insecure := fs.Bool("insecure-http", false, "serve plain HTTP on a non-loopback address (trusted networks only)")
	maxBody := fs.Int64("max-body", hub.DefaultMaxBodyBytes, "largest request body in bytes")
	verbose := fs.Bool("v", false, "log every refused request")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 0, "no arguments"); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return fmt.Errorf("%w: serve: --tls-cert and --tls-key go together", errUsage)
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		return fmt.Errorf("%w: serve: --listen %q: %v", errUsage, *listen, err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	var tlsCfg *tls.Config
	var fingerprint string
	var nextFP func() string
	switch tlsMode(host, *certFile, *insecure) {
	case tlsGiven:
		cert, fp, err := hub.LoadCert(*certFile, *keyFile)
		if err != nil {
			return err
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		fingerprint = fp
		fmt.Fprintf(e.stdout, "scanhub: certificate fingerprint %s\n", fp)
	case tlsPlain:
	case tlsSelfSigned:
		dir := stateFolder(*stateDir, *db)
		// A rotation under way (scanhub tls rotate) is announced on pulls.
		nextFP = func() string {
			fp, err := hub.NextFingerprint(dir)
			if err != nil {
				return ""
			}
			return fp
		}
		cert, fp, err := hub.SelfSignedCert(dir, []string{host})
		if err != nil {
			return err
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		fingerprint = fp
		fmt.Fprintf(e.stdout, "scanhub: self-signed certificate %s, fingerprint %s\n", filepath.Join(dir, hub.CertFile), fp)
	}

	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	srv := hub.New(st, hub.Options{Logger: logger, MaxBodyBytes: *maxBody, NextFingerprint: nextFP})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln = hub.LimitListener(ln, hub.Limits{}, logger)
	scheme := "http"
	if tlsCfg != nil {
		scheme = "https"
		ln = tls.NewListener(ln, tlsCfg)
	}
	hubURL := scheme + "://" + publicAddr(host, ln.Addr())
	// The console shares the listener: /v1/ is the sync protocol, every
	// other path the web console and its JSON API.
	con, err := console.New(st, console.Options{Logger: logger, HubURL: hubURL, Fingerprint: fingerprint})
	if err != nil {
		ln.Close()
		return fmt.Errorf("serve: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", srv)
	mux.Handle("/", con)
	hs := hub.NewHTTPServer(mux, hub.Limits{}, logger)
	fmt.Fprintf(e.stdout, "scanhub: listening on %s\n", hubURL)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	fmt.Fprintln(e.stdout, "scanhub: stopped")
	return nil
}

// publicAddr is the address to print for terminals: the host asked for
// with the port actually bound, or this machine's name when listening on
// every interface ("0.0.0.0" or "" would be no use in a URL).
func publicAddr(host string, a net.Addr) string {
	port := "0"
	if ta, ok := a.(*net.TCPAddr); ok {
		port = strconv.Itoa(ta.Port)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		if h, err := os.Hostname(); err == nil && h != "" {
			host = h
		} else {
			host = "localhost"
		}
	}
	return net.JoinHostPort(host, port)
}

// How serve secures its listener.
const (
	tlsGiven      = "given"       // --tls-cert/--tls-key
	tlsPlain      = "plain"       // loopback, or --insecure-http
	tlsSelfSigned = "self-signed" // anything else: made on first start
)

func tlsMode(host, certFile string, insecure bool) string {
	switch {
	case certFile != "":
		return tlsGiven
	case isLoopback(host) || insecure:
		return tlsPlain
	}
	return tlsSelfSigned
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// stateFolder is where serve keeps its self-signed certificate: --state,
// else beside the SQLite file, else ./var.
func stateFolder(state, db string) string {
	if state != "" {
		return state
	}
	if p, ok := strings.CutPrefix(db, "sqlite:"); ok {
		return filepath.Dir(p)
	}
	return "var"
}
