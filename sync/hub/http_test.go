package hub_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

const gtinA = "09506000134352"

func TestPushAndAck(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	var resp wire.PushResponse
	evs := []wire.Event{ev("t1", 1, wire.KindReceive, gtinA, "L1", "", 10, "", "DOCK"), ev("t1", 2, wire.KindMove, gtinA, "L1", "", 4, "DOCK", "A-01")}
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: evs}, &resp); st != 200 || resp.AckSeq != 2 || resp.Expected != 0 {
		t.Fatalf("push: %d %+v", st, resp)
	}
	// The same batch again is acknowledged and not applied twice.
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: evs}, &resp); st != 200 || resp.AckSeq != 2 {
		t.Fatalf("repush: %d %+v", st, resp)
	}
	// A gap applies nothing and names the expected seq.
	gap := []wire.Event{ev("t1", 4, wire.KindMove, gtinA, "L1", "", 1, "DOCK", "A-01")}
	if st := h.do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: gap}, &resp); st != 200 || resp.AckSeq != 2 || resp.Expected != 3 {
		t.Fatalf("gap: %d %+v", st, resp)
	}
	// gzip request and response.
	var resp2 wire.PushResponse
	next := []wire.Event{ev("t1", 3, wire.KindMove, gtinA, "L1", "", 1, "DOCK", "A-01")}
	if st := h.raw(t, "POST", "/v1/events", tok, gz(t, wire.PushRequest{Events: next}), map[string]string{"Content-Encoding": "gzip"}, &resp2); st != 200 || resp2.AckSeq != 3 {
		t.Fatalf("gzip push: %d %+v", st, resp2)
	}
	got, err := h.srv.Store().Events(context.Background(), hub.EventFilter{Device: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("stored %d events, want 3", len(got))
	}
}

func TestRefusals(t *testing.T) {
	h := startHub(t)
	tok := h.enroll(t, "t1")
	tok2 := h.enroll(t, "t2")
	one := wire.PushRequest{Events: []wire.Event{ev("t1", 1, wire.KindReceive, gtinA, "L1", "", 10, "", "DOCK")}}
	var e wire.Error
	cases := []struct {
		name   string
		status int
		code   string
		send   func() int
	}{
		{"no token", 401, "unauthorized", func() int { return h.do(t, "POST", "/v1/events", "", one, &e) }},
		{"bad token", 401, "unauthorized", func() int { return h.do(t, "POST", "/v1/events", "nope", one, &e) }},
		{"other device", 403, "wrong_device", func() int { return h.do(t, "POST", "/v1/events", tok2, one, &e) }},
		{"malformed", 400, "malformed", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[{`), nil, &e)
		}},
		{"oversized", 413, "too_large", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[],"x":"`+strings.Repeat("a", 70<<10)+`"}`), nil, &e)
		}},
		{"wrong version", 426, "protocol_version", func() int {
			return h.raw(t, "POST", "/v1/events", tok, strings.NewReader(`{"events":[]}`), map[string]string{wire.HeaderProtocol: "2"}, &e)
		}},
	}
	for _, c := range cases {
		e = wire.Error{}
		if st := c.send(); st != c.status || e.Code != c.code {
			t.Errorf("%s: got %d %+v, want %d %s", c.name, st, e, c.status, c.code)
		}
	}
	got, err := h.srv.Store().Events(context.Background(), hub.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("refused requests stored %d events", len(got))
	}
	if err := h.srv.Store().RevokeDevice(context.Background(), "t1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if st := h.do(t, "POST", "/v1/events", tok, one, &e); st != 401 || e.Code != "revoked" {
		t.Fatalf("revoked: %d %+v", st, e)
	}
}
