package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// TestReinstateDeliversQueue revokes a terminal that still queues events,
// reinstates it with scanhub device reinstate, and lets it enrol again under
// its own name the way scanterm enroll does (sync/client.Enroll, then
// localdb SetDevice with the same name on a database that holds events):
// its queue reaches the hub, nothing lost or stored twice, and the old
// token stays refused.
func TestReinstateDeliversQueue(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	scanhub(t, "demo", "--db", db)
	var added struct{ Device, Code string }
	if err := json.Unmarshal([]byte(scanhub(t, "device", "add", "dock-1", "--db", db, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	url, _ := serve(t, "--db", db, "--listen", "127.0.0.1:0")

	dir := t.TempDir()
	ldb, err := localdb.Open(ctx, filepath.Join(dir, "terminal.db"), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	enr, err := client.Enroll(ctx, url, added.Code, client.EnrollOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ldb.SetDevice(ctx, enr.Device); err != nil {
		t.Fatal(err)
	}
	c := client.New(ldb, enr, client.Options{BatchEvents: 4})
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	receive := func(n int) {
		t.Helper()
		drafts := make([]inventory.Event, n)
		for i := range drafts {
			drafts[i] = inventory.Event{Kind: inventory.KindReceive, Operator: "1001", GTIN: hub.DemoGTINPlain, Qty: 1, To: "DOCK-1"}
		}
		if _, err := ldb.AppendBatch(ctx, drafts); err != nil {
			t.Fatalf("append: %v", err)
		}
	}
	queue := func() int {
		t.Helper()
		n, _, err := ldb.OutboxStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	receive(10)
	if _, err := c.Push(ctx); err != nil || queue() != 0 {
		t.Fatalf("push before revoke: %v, queue %d", err, queue())
	}

	scanhub(t, "device", "revoke", "dock-1", "--db", db)
	receive(15)
	if _, err := c.Push(ctx); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("push while revoked: %v, want ErrRevoked", err)
	}
	if q := queue(); q != 15 {
		t.Fatalf("queue after the revoked push: %d, want 15", q)
	}
	if _, err := try("device", "add", "dock-1", "--db", db); err == nil || !strings.Contains(err.Error(), "scanhub device reinstate dock-1") {
		t.Fatalf("device add of a revoked name: %v, want a pointer to reinstate", err)
	}
	if _, err := try("device", "reinstate", "nobody", "--db", db); !errors.Is(err, hub.ErrNotFound) {
		t.Fatalf("reinstate unknown device: %v", err)
	}
	var again struct{ Device, Code string }
	if err := json.Unmarshal([]byte(scanhub(t, "device", "reinstate", "dock-1", "--db", db, "--json")), &again); err != nil || again.Device != "dock-1" || again.Code == "" || again.Code == added.Code {
		t.Fatalf("device reinstate --json: %+v %v", again, err)
	}
	if _, err := try("device", "reinstate", "dock-1", "--db", db); !errors.Is(err, hub.ErrNotRevoked) {
		t.Fatalf("second reinstate: %v, want ErrNotRevoked", err)
	}
	var e wire.Error
	if st := post(t, url+"/v1/events", enr.Token, wire.PushRequest{}, &e); st != 401 {
		t.Fatalf("old token after reinstate: %d %+v", st, e)
	}

	// What scanterm enroll does: trade the code, keep the device name on a
	// database that has recorded events, save the enrolment.
	enr2, err := client.Enroll(ctx, url, again.Code, client.EnrollOptions{})
	if err != nil {
		t.Fatalf("re-enrol: %v", err)
	}
	if enr2.Device != "dock-1" || enr2.Token == enr.Token {
		t.Fatalf("re-enrolment: %+v", enr2)
	}
	if err := ldb.SetDevice(ctx, enr2.Device); err != nil {
		t.Fatalf("same device name on a database with events: %v", err)
	}
	if err := client.SaveEnrollment(dir, enr2); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enroll(ctx, url, again.Code, client.EnrollOptions{}); err == nil {
		t.Fatal("the reinstate code worked twice")
	}
	if st := post(t, url+"/v1/events", enr.Token, wire.PushRequest{}, &e); st != 401 {
		t.Fatalf("old token after re-enrolment: %d %+v", st, e)
	}
	c2 := client.New(ldb, enr2, client.Options{BatchEvents: 4})
	defer c2.Close()
	if _, err := c2.SyncOnce(ctx); err != nil {
		t.Fatalf("sync after re-enrolment: %v", err)
	}
	if q := queue(); q != 0 {
		t.Fatalf("queue after re-enrolment: %d", q)
	}

	local, err := ldb.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	if out := strings.TrimSpace(scanhub(t, "events", "--db", db, "--device", "dock-1", "--json")); out != "" {
		lines = strings.Split(out, "\n")
	}
	if len(local) != 25 || len(lines) != 25 {
		t.Fatalf("terminal has %d events, hub %d; want 25 each", len(local), len(lines))
	}
	for i, l := range lines {
		var he struct {
			ID  string `json:"id"`
			Seq int64  `json:"seq"`
		}
		if err := json.Unmarshal([]byte(l), &he); err != nil {
			t.Fatal(err)
		}
		if he.Seq != int64(i+1) || he.ID != local[i].ID {
			t.Fatalf("hub event %d is %s/%d, terminal has %s/%d", i, he.ID, he.Seq, local[i].ID, local[i].Seq)
		}
	}
	var d hub.Device
	if err := json.Unmarshal([]byte(scanhub(t, "devices", "--db", db, "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "dock-1" || d.AckSeq != 25 || d.Revoked || !d.Enrolled {
		t.Fatalf("devices after reinstate: %+v", d)
	}
}
