package localdb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// ruleSetup puts known stock in place: lot L-A of the lot product at A-01
// (20), expired lot L-OLD at A-01 (5, received before it was known as
// expired), serial S1 at A-01, serial S2 shipped, 3 cartons at A-02.
func ruleSetup(t *testing.T, opt Options) *DB {
	t.Helper()
	db := openTest(t, opt)
	mustAppend(t, db, receive(gtinLot, "L-A", "", "2027-03-31", 20, "A-01"))
	mustAppend(t, db, receive(gtinLot, "L-OLD", "", "", 5, "A-01"))
	mustAppend(t, db, receive(gtinSerial, "LS", "S1", "", 1, "A-01"))
	mustAppend(t, db, receive(gtinSerial, "LS", "S2", "", 1, "A-01"))
	mustAppend(t, db, move(inventory.KindShip, gtinSerial, "", "S2", 1, "A-01", ""))
	mustAppend(t, db, receive(gtinNone, "", "", "", 3, "A-02"))
	// Stock of quarantined and recalled lots that arrived before the status.
	db.ApplyChanges(context.Background(), wire.Changes{Cursor: "c2", Lots: []inventory.Lot{
		{GTIN: gtinLot, Lot: "L-QUAR", Expiry: "2027-01-31", Status: inventory.LotReleased, Version: 0},
	}})
	return db
}

func TestAppendRules(t *testing.T) {
	tests := []struct {
		name  string
		draft inventory.Event
		want  error // nil = accepted
	}{
		{"receive lot product", receive(gtinLot, "L-B", "", "2027-04-30", 10, "DOCK1"), nil},
		{"lot missing", receive(gtinLot, "", "", "2027-04-30", 10, "DOCK1"), ErrLotRequired},
		{"lot missing on move", move(inventory.KindMove, gtinLot, "", "", 1, "A-01", "A-02"), ErrLotRequired},
		{"expiry missing for expiry product", receive(gtinLot, "L-NEW", "", "", 10, "DOCK1"), ErrExpiryRequired},
		{"expiry known from lot master", receive(gtinLot, "L-QUAR", "", "", 1, "DOCK1"), nil},
		{"expiry not required", receive(gtinExpiry, "G1", "", "", 10, "DOCK1"), nil},
		{"bad expiry", receive(gtinLot, "L-B", "", "2027-13-45", 10, "DOCK1"), ErrInvalidEvent},
		{"unknown product", receive("09999999999999", "", "", "", 1, "DOCK1"), ErrUnknownProduct},
		{"unknown location", receive(gtinNone, "", "", "", 1, "NOWHERE"), ErrUnknownLocation},
		{"no product", receive("", "", "", "", 1, "DOCK1"), ErrInvalidEvent},
		{"unknown kind", inventory.Event{Kind: "teleport", GTIN: gtinNone, Qty: 1, To: "A-01"}, ErrInvalidEvent},
		{"zero qty", receive(gtinNone, "", "", "", 0, "DOCK1"), ErrInvalidEvent},
		{"move without from", move(inventory.KindMove, gtinNone, "", "", 1, "", "A-01"), ErrInvalidEvent},
		{"ship without from", move(inventory.KindShip, gtinNone, "", "", 1, "", ""), ErrInvalidEvent},
		{"adjust zero", inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinNone, Qty: 0, To: "A-02"}, ErrInvalidEvent},
		{"negative count", inventory.Event{Kind: inventory.KindCount, GTIN: gtinNone, Qty: -1, To: "A-02"}, ErrInvalidEvent},
		{"serial missing", receive(gtinSerial, "", "", "", 1, "DOCK1"), ErrSerialRequired},
		{"serial qty 2", receive(gtinSerial, "", "S9", "", 2, "DOCK1"), ErrSerialQty},
		{"serial adjust 2", inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinSerial, Serial: "S1", Qty: -2, From: "A-01"}, ErrSerialQty},
		{"serial on unserialised product", receive(gtinNone, "", "X1", "", 1, "DOCK1"), ErrInvalidEvent},
		{"serial received twice", receive(gtinSerial, "", "S1", "", 1, "DOCK1"), ErrSerialInStock},
		{"shipped serial received", receive(gtinSerial, "", "S2", "", 1, "DOCK1"), ErrSerialShipped},
		{"shipped serial moved", move(inventory.KindMove, gtinSerial, "", "S2", 1, "A-01", "A-02"), ErrSerialShipped},
		{"shipped serial shipped again", move(inventory.KindShip, gtinSerial, "", "S2", 1, "A-01", ""), ErrSerialShipped},
		{"serial moved from wrong place", move(inventory.KindMove, gtinSerial, "", "S1", 1, "A-02", "STAGE"), ErrSerialElsewhere},
		{"serial counted elsewhere", inventory.Event{Kind: inventory.KindCount, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "A-02"}, ErrSerialElsewhere},
		{"serial returned while in stock", inventory.Event{Kind: inventory.KindReturn, GTIN: gtinSerial, Serial: "S1", Qty: 1, To: "A-02"}, ErrSerialInStock},
		{"serial lot mismatch", move(inventory.KindMove, gtinSerial, "OTHER", "S1", 1, "A-01", "A-02"), ErrInvalidEvent},
		{"serial moved right", move(inventory.KindMove, gtinSerial, "", "S1", 1, "A-01", "A-02"), nil},
		{"shipped serial returned", inventory.Event{Kind: inventory.KindReturn, GTIN: gtinSerial, Serial: "S2", Qty: 1, To: "QUAR", Doc: "SO-1"}, nil},
		{"pick expired lot", move(inventory.KindPick, gtinLot, "L-OLD", "", 1, "A-01", "STAGE"), ErrLotExpired},
		{"ship expired lot", move(inventory.KindShip, gtinLot, "L-OLD", "", 1, "A-01", ""), ErrLotExpired},
		{"move expired lot to quarantine", move(inventory.KindMove, gtinLot, "L-OLD", "", 5, "A-01", "QUAR"), nil},
		{"pick quarantined lot", move(inventory.KindPick, gtinLot, "L-QUAR", "", 1, "A-01", "STAGE"), ErrLotQuarantined},
		{"ship recalled lot", move(inventory.KindShip, gtinLot, "L-RECALL", "", 1, "A-01", ""), ErrLotRecalled},
		{"pick released lot", move(inventory.KindPick, gtinLot, "L-A", "", 5, "A-01", "STAGE"), nil},
		{"pick other lot than list", inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-B", Qty: 1, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1}, ErrLotOverride},
		{"pick list's lot", inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-A", Qty: 1, From: "A-01", To: "STAGE", Doc: "PL-1", DocLine: 1}, nil},
		{"negative stock", move(inventory.KindMove, gtinLot, "L-A", "", 21, "A-01", "A-02"), ErrNegativeStock},
		{"negative stock of unknown lot", move(inventory.KindMove, gtinLot, "L-ZZ", "", 1, "A-01", "A-02"), ErrNegativeStock},
		{"negative adjust", inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinNone, Qty: -4, From: "A-02"}, ErrNegativeStock},
		{"adjust down", inventory.Event{Kind: inventory.KindAdjust, GTIN: gtinNone, Qty: -3, From: "A-02"}, nil},
		{"count sets", inventory.Event{Kind: inventory.KindCount, GTIN: gtinNone, Qty: 0, To: "A-02"}, nil},
		{"unknown serial picked with no stock", move(inventory.KindPick, gtinSerial, "", "S77", 1, "A-02", "STAGE"), ErrNegativeStock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := ruleSetup(t, Options{})
			before := snapshot(t, db)
			n0, _, _ := db.OutboxStats(context.Background())
			d := tt.draft
			d.Operator = "op1"
			ev, err := db.Append(context.Background(), d)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if ev.Seq != 7 {
					t.Errorf("seq = %d, want 7", ev.Seq)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Message == "" || re == tt.want {
				t.Errorf("want a specific operator message, got %#v", err)
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("a refused action changed the projections")
			}
			if n, _, err := db.OutboxStats(context.Background()); err != nil || n != n0 {
				t.Errorf("a refused action was queued (err %v)", err)
			}
		})
	}
}

func TestNegativeStockAllowAndFlag(t *testing.T) {
	db := ruleSetup(t, Options{NegativeStock: AllowAndFlag})
	ev := mustAppend(t, db, move(inventory.KindMove, gtinLot, "L-A", "", 25, "A-01", "A-02"))
	if len(ev.Flags) != 1 || ev.Flags[0] != FlagNegativeStock {
		t.Fatalf("flags = %v", ev.Flags)
	}
	rows, _ := db.Stock(context.Background(), StockFilter{GTIN: gtinLot, Lot: "L-A"})
	got := map[string]int64{}
	for _, r := range rows {
		got[r.Location] = r.Qty
	}
	if got["A-01"] != -5 || got["A-02"] != 25 {
		t.Errorf("stock = %v", got)
	}
	evs, _ := db.Events(context.Background(), ev.Seq-1, 1)
	if len(evs) != 1 || strings.Join(evs[0].Flags, ",") != FlagNegativeStock {
		t.Errorf("stored flags = %+v", evs)
	}
	// Rules other than stock still refuse under AllowAndFlag.
	if _, err := db.Append(context.Background(), move(inventory.KindPick, gtinLot, "L-OLD", "", 1, "A-01", "STAGE")); !errors.Is(err, ErrLotExpired) {
		t.Errorf("expired lot under AllowAndFlag: %v", err)
	}
}

func TestOverrideAllowsOtherLot(t *testing.T) {
	db := ruleSetup(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-B", "", "2027-04-30", 5, "A-01"))
	ev := mustAppend(t, db, inventory.Event{Kind: inventory.KindPick, GTIN: gtinLot, Lot: "L-B", Qty: 1, From: "A-01", To: "STAGE",
		Doc: "PL-1", DocLine: 1, Override: "L-A damaged"})
	if ev.Override != "L-A damaged" {
		t.Errorf("override not kept: %+v", ev)
	}
	// An override never unlocks a recalled lot.
	_, err := db.Append(context.Background(), inventory.Event{Kind: inventory.KindShip, GTIN: gtinLot, Lot: "L-RECALL", Qty: 1, From: "A-01", Override: "urgent"})
	if !errors.Is(err, ErrLotRecalled) {
		t.Errorf("recalled lot with override: %v", err)
	}
}

func TestExpiryDayItselfIsGood(t *testing.T) {
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinLot, "L-TODAY", "", testNow.Format("2006-01-02"), 2, "A-01"))
	mustAppend(t, db, move(inventory.KindPick, gtinLot, "L-TODAY", "", 1, "A-01", "STAGE"))
}

func TestSerialLotFilledFromState(t *testing.T) {
	db := openTest(t, Options{})
	mustAppend(t, db, receive(gtinSerial, "LS", "S1", "", 1, "DOCK1"))
	ev := mustAppend(t, db, move(inventory.KindPutaway, gtinSerial, "", "S1", 1, "DOCK1", "A-01"))
	if ev.Lot != "LS" {
		t.Errorf("lot = %q, want LS from the serial's state", ev.Lot)
	}
	rows, _ := db.Stock(context.Background(), StockFilter{GTIN: gtinSerial})
	if len(rows) != 1 || rows[0].Lot != "LS" || rows[0].Location != "A-01" {
		t.Errorf("stock = %+v", rows)
	}
}
