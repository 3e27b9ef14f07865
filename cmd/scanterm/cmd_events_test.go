package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/hub"
)

func TestEventsCommand(t *testing.T) {
	ctx := context.Background()
	st, url := syncTestHub(t)
	dir := enrolledDir(t, st, url, "term-4")
	out, _, err := runSyncCmd(ctx, "events", "--data", dir)
	if err != nil || !strings.Contains(out, "(no events recorded yet)") {
		t.Errorf("events of an empty ledger: %v\n%s", err, out)
	}
	appendCartons(t, dir, 2)
	db, err := localdb.Open(ctx, filepath.Join(dir, dbFile), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The third carton came on a pallet: its line carries the label.
	const sscc = "095060000000000015"
	if _, err := db.Append(ctx, inventory.Event{Kind: inventory.KindReceive, Operator: "op1", GTIN: "09506000000015", Qty: 2, To: "DOCK1", SSCC: sscc}); err != nil {
		t.Fatal(err)
	}
	out, _, err = runSyncCmd(ctx, "events", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	wantKeys := []string{"at", "device", "doc", "expiry", "from", "gtin", "id", "kind", "lot", "qty", "seq", "serial", "to"}
	ledger, err := db.Events(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d %q: %v", i+1, line, err)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		want := wantKeys
		if i == 2 {
			want = append(append([]string(nil), wantKeys...), "sscc")
			sort.Strings(want)
			if m["sscc"] != sscc {
				t.Errorf("line 3 sscc %v, want %s", m["sscc"], sscc)
			}
		}
		if !reflect.DeepEqual(keys, want) {
			t.Errorf("line %d keys %v, want %v", i+1, keys, want)
		}
		var l inventory.EventLine
		json.Unmarshal([]byte(line), &l)
		e := ledger[i]
		if l.ID != e.ID || l.Seq != int64(i+1) || l.Device != "term-4" || l.Kind != e.Kind || l.Qty != 2 || l.To != "DOCK1" || !l.At.Equal(e.At) {
			t.Errorf("line %d = %+v, ledger %+v", i+1, l, e)
		}
	}
	// After a sync, each line equals the hub's `scanhub events --json` line
	// for the same event, received_at aside.
	if _, _, err := runSyncCmd(ctx, "sync", "--once", "--data", dir); err != nil {
		t.Fatal(err)
	}
	hubEvs, err := st.Events(ctx, hub.EventFilter{Device: "term-4"})
	if err != nil || len(hubEvs) != 3 {
		t.Fatalf("hub holds %d events, %v", len(hubEvs), err)
	}
	for i, he := range hubEvs {
		hl, _ := json.Marshal(hub.NewEventLine(he))
		var m map[string]any
		json.Unmarshal(hl, &m)
		delete(m, "received_at")
		var mine map[string]any
		json.Unmarshal([]byte(lines[i]), &mine)
		if !reflect.DeepEqual(m, mine) {
			t.Errorf("event %d:\n scanterm %s\n scanhub  %s", i+1, lines[i], hl)
		}
	}

	out, _, err = runSyncCmd(ctx, "events", "--after", "2", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "SEQ") || strings.Count(strings.TrimSpace(out), "\n") != 1 || !strings.Contains(out, "receive") {
		t.Errorf("events --after 2 table:\n%s", out)
	}
	// Errors: a folder with no database is named, not created.
	empty := t.TempDir()
	if _, _, err := runSyncCmd(ctx, "events", "--data", empty); err == nil || !strings.Contains(err.Error(), "no terminal database") {
		t.Errorf("events on an empty folder: %v", err)
	}
	for _, args := range [][]string{{"events", "x"}, {"events", "--after", "-1"}, {"events", "--nope"}} {
		if _, _, err := runSyncCmd(ctx, append(args, "--data", dir)...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	out, _, err = runSyncCmd(ctx, "events", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: scanterm events") {
		t.Errorf("events --help: %v\n%s", err, out)
	}
}
