package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// SIGTERM (systemctl stop, or a package upgrade) while a terminal's push is
// half sent: the hub stops taking new connections but reads the rest of
// that push, applies it, answers it, and only then exits 0, so the
// terminal's events are not left to a retry.
func TestServeFinishesInFlightPushOnSIGTERM(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	scanhub(t, "demo", "--db", dsn)
	var added struct{ Code string }
	if err := json.Unmarshal([]byte(scanhub(t, "device", "add", "t1", "--db", dsn, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	h := startHubProc(t, dsn)
	var enr wire.EnrollResponse
	if st := post(t, h.url+"/v1/enroll", "", wire.EnrollRequest{Code: added.Code, AppVersion: "graceful"}, &enr); st != 200 {
		t.Fatalf("enrol: %d", st)
	}
	body, err := json.Marshal(wire.PushRequest{Events: procBatch("t1", 1, 5)})
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(h.url, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Expect: 100-continue makes the hub say when its handler starts
	// reading the body: from then on the push is in flight for certain (a
	// connection not yet accepted is dropped with the listener, and the
	// terminal retries it; that is not what this test is about).
	fmt.Fprintf(conn, "POST /v1/events HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%s: %d\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		addr, wire.HeaderProtocol, wire.ProtocolVersion, enr.Token, len(body))
	br := bufio.NewReader(conn)
	if line, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("want 100 Continue, got %q, %v", line, err)
	}
	if line, err := br.ReadString('\n'); err != nil || line != "\r\n" {
		t.Fatalf("after 100 Continue: %q, %v", line, err)
	}
	conn.Write(body[:len(body)/2])

	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The hub has begun to stop once it refuses new connections.
	refused := false
	for range 1000 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	if !refused {
		t.Fatal("the hub still accepts connections after SIGTERM")
	}
	conn.Write(body[len(body)/2:])
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the in-flight push got no answer: %v", err)
	}
	var pr wire.PushResponse
	json.NewDecoder(resp.Body).Decode(&pr)
	resp.Body.Close()
	if resp.StatusCode != 200 || pr.AckSeq != 5 {
		t.Fatalf("in-flight push answered %d %+v, want 200 ack 5", resp.StatusCode, pr)
	}
	<-h.done
	if h.err != nil {
		t.Fatalf("scanhub serve exited with %v after SIGTERM", h.err)
	}
	st, err := hub.OpenStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(context.Background(), hub.EventFilter{Device: "t1"})
	if err != nil || len(evs) != 5 {
		t.Fatalf("the hub holds %d events of t1 (%v), want 5", len(evs), err)
	}
}
