package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// testSSCCRoundTrip: the pallet label an event carries is stored on push
// and comes back from Events, alone and in a batch with events without one.
func testSSCCRoundTrip(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	device(t, s, "t1")
	e1 := Ev("t1", 1, inventory.KindReceive, gtinLot, "L1", "", 10, "", "DOCK")
	e1.SSCC = "009506000134350004"
	e2 := Ev("t1", 2, inventory.KindMove, gtinLot, "L1", "", 10, "DOCK", "A-01")
	e2.SSCC = "009506000134350004"
	e3 := Ev("t1", 3, inventory.KindReceive, gtinPlain, "", "", 1, "", "DOCK")
	push(t, s, "t1", e1, e2, e3)
	// A second handle reads what the first wrote, as another hub would.
	got := events(t, open(t), store.EventFilter{Device: "t1"})
	if len(got) != 3 {
		t.Fatalf("events: %d, want 3", len(got))
	}
	for i, want := range []string{e1.SSCC, e2.SSCC, ""} {
		if got[i].SSCC != want {
			t.Errorf("event %d SSCC %q, want %q", got[i].Seq, got[i].SSCC, want)
		}
	}
}

// SchemaBeforeSSCC is the hub schema as released before events had an
// sscc column (sync/hub/internal/sqlcore/schema.go at that time, kept
// verbatim here), with autoID as in sqlcore.Schema. Upgrade builds a
// database from an older hub with it.
func SchemaBeforeSSCC(autoID string) []string {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS counters (
			name  TEXT PRIMARY KEY,
			value BIGINT NOT NULL)`,
		`INSERT INTO counters(name, value) VALUES ('version', 0) ON CONFLICT (name) DO NOTHING`,
		`CREATE TABLE IF NOT EXISTS devices (
			name         TEXT PRIMARY KEY,
			created_at   BIGINT NOT NULL,
			code_hash    TEXT NOT NULL DEFAULT '',
			code_expires BIGINT NOT NULL DEFAULT 0,
			token_hash   TEXT NOT NULL DEFAULT '',
			enrolled_at  BIGINT NOT NULL DEFAULT 0,
			revoked_at   BIGINT NOT NULL DEFAULT 0,
			last_seen    BIGINT NOT NULL DEFAULT 0,
			last_seq     BIGINT NOT NULL DEFAULT 0,
			app_version  TEXT NOT NULL DEFAULT '')`,
		`CREATE INDEX IF NOT EXISTS devices_token ON devices(token_hash)`,
		`CREATE INDEX IF NOT EXISTS devices_code ON devices(code_hash)`,
		`CREATE TABLE IF NOT EXISTS events (
			hub_id      AUTOID,
			id          TEXT NOT NULL,
			device      TEXT NOT NULL,
			seq         BIGINT NOT NULL,
			operator    TEXT NOT NULL,
			at          TEXT NOT NULL,
			kind        TEXT NOT NULL,
			gtin        TEXT NOT NULL,
			lot         TEXT NOT NULL,
			serial      TEXT NOT NULL,
			expiry      TEXT NOT NULL,
			qty         BIGINT NOT NULL,
			from_loc    TEXT NOT NULL,
			to_loc      TEXT NOT NULL,
			doc         TEXT NOT NULL,
			doc_line    BIGINT NOT NULL,
			override    TEXT NOT NULL,
			note        TEXT NOT NULL,
			flags       TEXT NOT NULL,
			raw         TEXT NOT NULL,
			received_at BIGINT NOT NULL,
			UNIQUE (device, seq))`,
		`CREATE INDEX IF NOT EXISTS events_lot ON events(lot, gtin)`,
		`CREATE INDEX IF NOT EXISTS events_serial ON events(serial)`,
		`CREATE INDEX IF NOT EXISTS events_received ON events(received_at)`,
		`CREATE TABLE IF NOT EXISTS stock (
			gtin       TEXT NOT NULL,
			lot        TEXT NOT NULL,
			loc        TEXT NOT NULL,
			qty        BIGINT NOT NULL,
			last_event TEXT NOT NULL,
			PRIMARY KEY (gtin, lot, loc))`,
		`CREATE TABLE IF NOT EXISTS serials (
			gtin       TEXT NOT NULL,
			serial     TEXT NOT NULL,
			lot        TEXT NOT NULL,
			status     TEXT NOT NULL,
			loc        TEXT NOT NULL,
			last_event TEXT NOT NULL,
			last_kind  TEXT NOT NULL,
			PRIMARY KEY (gtin, serial))`,
		`CREATE TABLE IF NOT EXISTS master (
			kind       TEXT NOT NULL,
			key        TEXT NOT NULL,
			body       TEXT NOT NULL,
			version    BIGINT NOT NULL,
			updated_at BIGINT NOT NULL,
			PRIMARY KEY (kind, key))`,
		`CREATE INDEX IF NOT EXISTS master_version ON master(version)`,
		`CREATE TABLE IF NOT EXISTS exceptions (
			id          AUTOID,
			code        TEXT NOT NULL,
			message     TEXT NOT NULL,
			event_id    TEXT NOT NULL,
			device      TEXT NOT NULL,
			seq         BIGINT NOT NULL,
			other_event TEXT NOT NULL,
			raised_at   BIGINT NOT NULL,
			resolved_at BIGINT NOT NULL DEFAULT 0,
			note        TEXT NOT NULL DEFAULT '',
			version     BIGINT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS exceptions_device ON exceptions(device, version)`,
	}
	for i, s := range stmts {
		stmts[i] = strings.ReplaceAll(s, "AUTOID", autoID)
	}
	return stmts
}

// Upgrade checks that a database from a hub before the sscc column opens
// in place with nothing lost: exec runs one statement on the fresh, empty
// database directly (no store involved) and open opens a store handle on
// it. The old database holds an enrolled device and one pushed event.
func Upgrade(t *testing.T, autoID string, exec func(t *testing.T, stmt string, args ...any), open func(t *testing.T) store.Store) {
	t.Helper()
	for _, s := range SchemaBeforeSSCC(autoID) {
		exec(t, s)
	}
	exec(t, `INSERT INTO devices(name, created_at, token_hash, enrolled_at, last_seen, last_seq, app_version)
		VALUES ('t1', ?, 'tok-t1', ?, ?, 1, '1.0')`, t0.UnixNano(), t0.UnixNano(), t0.UnixNano())
	exec(t, `INSERT INTO events(id, device, seq, operator, at, kind, gtin, lot, serial, expiry, qty, from_loc, to_loc,
		doc, doc_line, override, note, flags, raw, received_at)
		VALUES ('t1-1', 't1', 1, '1001', ?, 'receive', ?, 'L1', '', '', 10, '', 'DOCK', 'PO-OLD', 1, '', '', '', '', ?)`,
		t0.Format(time.RFC3339Nano), gtinLot, t0.UnixNano())
	exec(t, `INSERT INTO stock(gtin, lot, loc, qty, last_event) VALUES (?, 'L1', 'DOCK', 10, 't1-1')`, gtinLot)

	s := open(t)
	defer s.Close()
	old := events(t, s, store.EventFilter{})
	if len(old) != 1 || old[0].ID != "t1-1" || old[0].Qty != 10 || old[0].SSCC != "" {
		t.Fatalf("old event after upgrade: %+v", old)
	}
	// The old receipt counts toward its PO line for the other terminals,
	// under a version after every cursor the old hub gave out.
	if ch, _ := pullAll(t, s, "t2", "0", 100); len(ch.Progress) != 1 ||
		ch.Progress[0] != (inventory.DocProgress{Doc: "PO-OLD", Kind: inventory.KindReceive, Line: 1, Device: "t1", Qty: 10, Version: ch.Progress[0].Version}) ||
		ch.Progress[0].Version < 1 {
		t.Fatalf("document progress after upgrade: %+v", ch.Progress)
	}
	// The old stock row got a version of its own, so a terminal's first
	// pull after the upgrade carries it.
	if ch, _ := pullAll(t, s, "t2", "", 100); len(ch.Stock) != 1 || ch.Stock[0].Qty != 10 || ch.Stock[0].Version < 1 {
		t.Fatalf("stock after upgrade: %+v", ch.Stock)
	}
	e2 := Ev("t1", 2, inventory.KindMove, gtinLot, "L1", "", 10, "DOCK", "A-01")
	e2.SSCC = "009506000134350004"
	if r := push(t, s, "t1", e2); r.AckSeq != 2 {
		t.Fatalf("push after upgrade: %+v", r)
	}
	// Opening again must find the column there and leave it be.
	s2 := open(t)
	defer s2.Close()
	got := events(t, s2, store.EventFilter{})
	if len(got) != 2 || got[0].SSCC != "" || got[1].ID != "t1-2" || got[1].SSCC != e2.SSCC {
		t.Fatalf("events after upgrade and push: %+v", got)
	}
}
