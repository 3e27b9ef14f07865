package client

import (
	"context"
	"net"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestHungHubGivesUp: a hub that accepts connections and never answers
// (a paused process) fails a round on the answer timeout, not the whole
// request timeout (an hour here: the test would hang on it), with the
// status bar's "no answer", and the pull is not tried after a push that
// got no answer.
func TestHungHubGivesUp(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns atomic.Int32
	var held []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			held = append(held, c) // read nothing, answer nothing
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range held {
			c.Close()
		}
	})
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(t.TempDir(), "terminal.db"), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, wire.Changes{Cursor: "1",
		Products:  []inventory.Product{{GTIN: "09506000134376", SKU: "GLOVE", Tracking: inventory.TrackNone, Version: 1}},
		Locations: []inventory.Location{{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, inventory.Event{Operator: "op", Kind: inventory.KindAdjust, GTIN: "09506000134376", Qty: 1, To: "A-01"}); err != nil {
		t.Fatal(err)
	}
	c := New(db, Enrollment{HubURL: "http://" + ln.Addr().String(), Device: "t1", Token: "x"}, Options{Timeout: time.Hour, AnswerTimeout: 300 * time.Millisecond})
	_, err = c.SyncOnce(ctx)
	if err == nil {
		t.Fatal("a hub that never answers: round succeeded")
	}
	if _, why := unreachable(err); why != "no answer" {
		t.Fatalf("err %v: want a no-answer cause, got %q", err, why)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("%d connections: after a push without answer the pull must not be tried", n)
	}
}
