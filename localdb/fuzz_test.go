package localdb

import (
	"context"
	"errors"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// FuzzAppend throws arbitrary drafts at one database: Append must never
// panic, must refuse with a *RuleError (never another error) or store the
// event with the next seq, and the serial projection must follow.
func FuzzAppend(f *testing.F) {
	f.Add("receive", gtinLot, "L-A", "", "2027-01-31", int64(5), "", "DOCK1")
	f.Add("putaway", gtinLot, "L-A", "", "", int64(5), "DOCK1", "A-01")
	f.Add("receive", gtinSerial, "", "S1", "", int64(1), "", "DOCK1")
	f.Add("ship", gtinSerial, "", "S1", "", int64(1), "DOCK1", "")
	f.Add("return", gtinSerial, "", "S1", "", int64(1), "", "QUAR")
	f.Add("count", gtinNone, "", "", "", int64(0), "", "A-02")
	f.Add("adjust", gtinNone, "", "", "", int64(-3), "A-02", "")
	f.Add("pick", "9506000134352", "L-OLD", "", "2026-13-01", int64(1), "A-01", "STAGE")
	f.Add("move", "  "+gtinNone+" ", "", "", "", int64(-9223372036854775808), "A-01", "A-01")
	db := openTest(f, Options{NegativeStock: AllowAndFlag})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, kind, gtin, lot, serial, expiry string, qty int64, from, to string) {
		var last int64
		db.sql.QueryRow("SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&last)
		ev, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.EventKind(kind), GTIN: gtin, Lot: lot, Serial: serial,
			Expiry: expiry, Qty: qty, From: from, To: to})
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("not a rule refusal: %v", err)
			}
			return
		}
		if ev.Seq != last+1 {
			t.Fatalf("seq %d after %d", ev.Seq, last)
		}
		if ev.Serial != "" {
			st, err := db.Serial(ctx, ev.GTIN, ev.Serial)
			if err != nil || st.LastSeq != ev.Seq {
				t.Fatalf("serial state %+v %v after %+v", st, err, ev)
			}
		}
	})
}

// FuzzPalletAndProgress appends receipts with arbitrary pallet labels and
// document references: Append refuses a bad SSCC with a *RuleError or
// stores it, Pallet finds every stored pallet's receipts, and the document
// progress always equals the ledger's sum.
func FuzzPalletAndProgress(f *testing.F) {
	f.Add("095060001234567893", int64(10), "PO-1", 1)
	f.Add(" 095060001234567886", int64(1), "PO-2100", 0)
	f.Add("095060001234567894", int64(3), "", 2)
	f.Add("０９５０６０００１２３４５６７８９３", int64(2), "PO-1", -1)
	f.Add("", int64(1), "PO-\x00", 1<<40)
	db := openTest(f, Options{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, sscc string, qty int64, doc string, line int) {
		ev, err := db.Append(ctx, inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinNone, Qty: qty, To: "DOCK1",
			Doc: doc, DocLine: line, SSCC: sscc})
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("not a rule refusal: %v", err)
			}
			return
		}
		if ev.SSCC != "" {
			pl, err := db.Pallet(ctx, ev.SSCC)
			if err != nil || len(pl) == 0 || pl[0].Qty < ev.Qty {
				t.Fatalf("pallet %q after %+v: %+v %v", ev.SSCC, ev, pl, err)
			}
		}
		if ev.Doc != "" {
			got, err := db.Received(ctx, ev.Doc)
			var want int64
			db.sql.QueryRow("SELECT SUM(qty) FROM events WHERE doc = ? AND kind = 'receive' AND doc_line = ?", ev.Doc, ev.DocLine).Scan(&want)
			if err != nil || got[ev.DocLine] != want {
				t.Fatalf("Received(%q)[%d] = %d, %v; the ledger sums %d", ev.Doc, ev.DocLine, got[ev.DocLine], err, want)
			}
		}
	})
}
