package hub

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// HeaderAppVersion optionally carries the terminal's app version on every
// request; `scanhub devices` shows the last one seen.
const HeaderAppVersion = "Scanterm-App-Version"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Health checks come from tools that speak no sync protocol.
	if r.URL.Path == PathHealth && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		s.handleHealth(w, r)
		return
	}
	if !s.checkVersion(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) checkVersion(w http.ResponseWriter, r *http.Request) bool {
	got := r.Header.Get(wire.HeaderProtocol)
	if got == strconv.Itoa(wire.ProtocolVersion) {
		return true
	}
	sent := "none"
	if got != "" {
		sent = strconv.Quote(got)
	}
	s.fail(w, r, http.StatusUpgradeRequired, wire.CodeProtocolVersion,
		fmt.Sprintf("this hub speaks sync protocol %d, the request carried %s in %s; update the terminal or the hub so they match",
			wire.ProtocolVersion, sent, wire.HeaderProtocol))
	return false
}

func (s *Server) handleUnknown(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, wire.CodeNotFound, fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path))
}

// fail answers with a wire.Error of one of the wire.Code constants.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code wire.Code, msg string) {
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", msg)
		msg = "internal error; see the hub log"
	} else {
		// A site sees refusals in the hub's default (Warn) log.
		s.log.Warn("request refused", "client", hostOf(r.RemoteAddr), "method", r.Method, "path", r.URL.Path, "status", status, "code", code, "msg", msg)
	}
	s.reply(w, r, status, &wire.Error{Code: code, Message: msg})
}

// reply writes v as JSON, gzip-compressed when the client accepts it and
// the body is worth compressing.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"code":"internal","message":"encode reply"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set(wire.HeaderProtocol, strconv.Itoa(wire.ProtocolVersion))
	h.Set(wire.HeaderHubTime, s.opt.Now().UTC().Format(time.RFC3339Nano))
	h.Add("Vary", "Accept-Encoding")
	if len(body) > 1024 && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		h.Set("Content-Encoding", "gzip")
		body = buf.Bytes()
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") {
			return true
		}
	}
	return false
}

// errTooLarge marks a body past the limit, before or after decompression.
var errTooLarge = errors.New("body too large")

// decode reads a JSON body (gzip if Content-Encoding says so) into v,
// bounded by MaxBodyBytes both on the wire and decompressed. It answers the
// client itself and returns false on any problem.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	limit := s.opt.MaxBodyBytes
	// A body that trickles in holds a connection: each route has its
	// own deadline (a server without deadlines ignores this).
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyDeadline(r)))
	body := http.MaxBytesReader(w, r.Body, limit)
	var src io.Reader = body
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			s.bodyError(w, r, err)
			return false
		}
		defer zr.Close()
		src = zr
	default:
		s.fail(w, r, http.StatusUnsupportedMediaType, wire.CodeUnsupported, fmt.Sprintf("Content-Encoding %q is not supported; send identity or gzip", enc))
		return false
	}
	data, err := io.ReadAll(io.LimitReader(src, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = errTooLarge
	}
	if err != nil {
		s.bodyError(w, r, err)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, "body is not a valid request: "+err.Error())
		return false
	}
	if dec.More() {
		s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, "body has data after the JSON value")
		return false
	}
	return true
}

func (s *Server) bodyError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, errTooLarge) {
		s.fail(w, r, http.StatusRequestEntityTooLarge, wire.CodeTooLarge,
			fmt.Sprintf("body exceeds %d bytes; send fewer events per batch", s.opt.MaxBodyBytes))
		return
	}
	s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, "cannot read body: "+err.Error())
}

// authenticate resolves the bearer token to a device, answering 401 itself.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (Device, bool) {
	// The scheme is case-insensitive (RFC 9110, section 11.1).
	scheme, tok, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scanhub"`)
		s.fail(w, r, http.StatusUnauthorized, wire.CodeUnauthorized, "missing bearer token; enrol the terminal with scanterm enroll")
		return Device{}, false
	}
	d, err := s.store.Authenticate(r.Context(), HashSecret(strings.TrimSpace(tok)))
	switch {
	case errors.Is(err, store.ErrRevoked):
		s.fail(w, r, http.StatusUnauthorized, wire.CodeRevoked, fmt.Sprintf("device %s has been revoked; its queue is kept on the terminal: a supervisor can run scanhub device reinstate %s and enrol it again", d.Name, d.Name))
		return Device{}, false
	case errors.Is(err, store.ErrUnauthorized):
		w.Header().Set("WWW-Authenticate", `Bearer realm="scanhub", error="invalid_token"`)
		s.fail(w, r, http.StatusUnauthorized, wire.CodeUnauthorized, "unknown device token; enrol the terminal again")
		return Device{}, false
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return Device{}, false
	}
	return d, true
}

func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) {
	client := hostOf(r.RemoteAddr)
	if blocked, until := s.codes.blocked(client, s.opt.Now()); blocked {
		w.Header().Set("Retry-After", strconv.Itoa(int(until.Sub(s.opt.Now()).Seconds())+1))
		s.fail(w, r, http.StatusTooManyRequests, wire.CodeRateLimited,
			fmt.Sprintf("too many wrong enrolment codes from this address; wait until %s and check the code", until.UTC().Format(time.TimeOnly)))
		return
	}
	var req wire.EnrollRequest
	if !s.decode(w, r, &req) {
		return
	}
	tok := newToken()
	name, err := s.store.Enroll(r.Context(), HashSecret(NormalizeCode(req.Code)), HashSecret(tok), req.AppVersion, s.opt.Now())
	switch {
	case errors.Is(err, store.ErrBadCode):
		if s.codes.fail(client, s.opt.Now()) {
			s.log.Warn("enrolment rate limit tripped", "client", client, "wrong_codes", s.limits.BadCodes, "window", s.limits.BadCodeWindow)
		}
		s.fail(w, r, http.StatusUnauthorized, wire.CodeBadCode, "enrolment code unknown, expired or already used; ask for a new one with scanhub device add")
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return
	}
	// Only this request holds the new token, so the device's record is
	// as the enrolment left it.
	d, err := s.store.Device(r.Context(), name)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return
	}
	s.log.Warn("device enrolled", "device", name, "client", client, "app_version", req.AppVersion, "incarnation", d.Incarnation, "ack_seq", d.AckSeq)
	s.reply(w, r, http.StatusOK, wire.EnrollResponse{Device: name, Token: tok, Incarnation: d.Incarnation, AckSeq: d.AckSeq})
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	dev, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	var req wire.PushRequest
	if !s.decode(w, r, &req) {
		return
	}
	if len(req.Events) > s.opt.MaxEvents {
		s.fail(w, r, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, fmt.Sprintf("%d events in one push; send at most %d", len(req.Events), s.opt.MaxEvents))
		return
	}
	for i, e := range req.Events {
		if e.Device != dev.Name {
			s.fail(w, r, http.StatusForbidden, wire.CodeWrongDevice,
				fmt.Sprintf("event %d (seq %d) names device %q but the token is device %q; a device pushes only its own events", i, e.Seq, e.Device, dev.Name))
			return
		}
		if e.Seq < 1 {
			s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, fmt.Sprintf("event %d has seq %d; seqs start at 1", i, e.Seq))
			return
		}
		if i > 0 && e.Seq <= req.Events[i-1].Seq {
			s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, fmt.Sprintf("event %d has seq %d after seq %d; send events in increasing seq order", i, e.Seq, req.Events[i-1].Seq))
			return
		}
	}
	if v := r.Header.Get(HeaderAppVersion); v != "" && v != dev.AppVersion {
		if err := s.store.Seen(r.Context(), dev.Name, v, nil, s.opt.Now()); err != nil {
			s.log.Warn("record app version", "device", dev.Name, "err", err)
		}
	}
	if !req.SentAt.IsZero() {
		if err := s.store.SetClock(r.Context(), dev.Name, req.SentAt.Sub(s.opt.Now()), s.opt.Now()); err != nil {
			s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
			return
		}
	}
	resp, err := s.store.Push(r.Context(), dev.Name, req.Events, s.opt.Now())
	var div *store.DivergedError
	switch {
	case errors.As(err, &div):
		s.log.Warn("push refused: ledger diverged", "device", dev.Name, "seq", div.Seq, "hub_event", div.HubID, "sent_event", div.SentID)
		s.fail(w, r, http.StatusConflict, wire.CodeDiverged, fmt.Sprintf("the ledger of device %s diverged at seq %d (the hub holds event %s, this terminal sent %s): "+
			"its data folder was restored or copied; nothing was taken and the terminal keeps its queue. "+
			"A supervisor runs scanhub device reinstate %s (or scanhub device add NEWNAME for a copy) and the terminal is enrolled again",
			dev.Name, div.Seq, div.HubID, div.SentID, dev.Name))
		return
	case errors.Is(err, store.ErrRevoked):
		s.fail(w, r, http.StatusUnauthorized, wire.CodeRevoked, fmt.Sprintf("device %s has been revoked", dev.Name))
		return
	case errors.Is(err, store.ErrUnauthorized):
		s.fail(w, r, http.StatusUnauthorized, wire.CodeUnauthorized, "unknown device")
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return
	}
	if len(resp.Rejected) > 0 {
		s.log.Info("events flagged", "device", dev.Name, "rejected", len(resp.Rejected))
	}
	s.reply(w, r, http.StatusOK, resp)
}

func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	dev, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	limit := s.opt.ChangesLimit
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, fmt.Sprintf("limit %q: want a positive number", l))
			return
		}
		limit = min(n, limit)
	}
	queue, err := queueReport(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, err.Error())
		return
	}
	// A terminal limited to warehouses names them (warehouse=W, repeated).
	ch, err := s.store.Changes(r.Context(), dev.Name, r.URL.Query().Get("since"), limit, r.URL.Query()["warehouse"]...)
	switch {
	case errors.Is(err, store.ErrBadCursor):
		s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, err.Error()+"; pull again with since= empty")
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return
	}
	if r.URL.Query().Get(wire.ParamOwnProgress) != "1" {
		// An older terminal adds its whole ledger to what it pulls.
		ch.Progress = slices.DeleteFunc(ch.Progress, func(p inventory.DocProgress) bool { return p.Device == dev.Name })
	}
	if err := s.store.Seen(r.Context(), dev.Name, r.Header.Get(HeaderAppVersion), queue, s.opt.Now()); err != nil {
		s.log.Warn("record device seen", "device", dev.Name, "err", err)
	}
	if s.opt.NextFingerprint != nil {
		if fp := s.opt.NextFingerprint(); fp != "" {
			w.Header().Set(wire.HeaderNextFingerprint, fp)
		}
	}
	s.reply(w, r, http.StatusOK, ch)
}

// queueReport reads a pull's report of the terminal's unsent queue (nil
// when it sent none: an older terminal).
func queueReport(v url.Values) (*store.QueueReport, error) {
	n := v.Get(wire.ParamQueue)
	if n == "" {
		return nil, nil
	}
	q := &store.QueueReport{}
	var err error
	if q.Len, err = strconv.ParseInt(n, 10, 64); err != nil || q.Len < 0 {
		return nil, fmt.Errorf("%s %q: want a count of 0 or more", wire.ParamQueue, n)
	}
	if o := v.Get(wire.ParamQueueOldest); o != "" {
		if q.Oldest, err = time.Parse(time.RFC3339Nano, o); err != nil {
			return nil, fmt.Errorf("%s %q: want an RFC 3339 time", wire.ParamQueueOldest, o)
		}
	}
	return q, nil
}
