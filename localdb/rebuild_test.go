package localdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// snapshot renders the projections as text for comparison.
func snapshot(tb testing.TB, db *DB) string {
	tb.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT gtin, lot, location, qty FROM stock ORDER BY 1, 2, 3",
		"SELECT gtin, serial, lot, status, location, last_seq FROM serials ORDER BY 1, 2",
		"SELECT gtin, lot, expiry, status, version FROM lots ORDER BY 1, 2",
		"SELECT doc, kind, doc_line, qty FROM doc_progress ORDER BY 1, 2, 3",
	} {
		rows, err := db.sql.Query(q)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// TestRebuildEqualsIncremental drives a random but rule-abiding workload
// (every kind, serials and lots, refusals included), then rebuilds the
// projections from the ledger and compares.
func TestRebuildEqualsIncremental(t *testing.T) {
	for _, policy := range []NegativePolicy{Refuse, AllowAndFlag} {
		t.Run(fmt.Sprint(policy), func(t *testing.T) {
			ctx := context.Background()
			db := openTest(t, Options{NegativeStock: policy})
			r := rand.New(rand.NewPCG(1, uint64(policy)))
			locs := []string{"DOCK1", "A-01", "A-02", "STAGE", "QUAR"}
			lots := []string{"L-A", "L-B", "L-C", "L-OLD"}
			docs := []string{"PO-1", "SO-1", "RA-1", "D-X"}
			kinds := []inventory.EventKind{inventory.KindReceive, inventory.KindPutaway, inventory.KindMove, inventory.KindPick, inventory.KindShip, inventory.KindReturn, inventory.KindCount, inventory.KindAdjust}
			accepted := 0
			for i := 0; i < 1500; i++ {
				d := inventory.Event{Operator: "op1", Kind: kinds[r.IntN(len(kinds))], From: locs[r.IntN(len(locs))], To: locs[r.IntN(len(locs))]}
				switch r.IntN(3) {
				case 0:
					d.GTIN, d.Qty = gtinNone, int64(r.IntN(20)+1)
				case 1:
					d.GTIN, d.Lot, d.Qty, d.Expiry = gtinLot, lots[r.IntN(len(lots))], int64(r.IntN(20)+1), "2027-12-31"
				default:
					d.GTIN, d.Serial, d.Qty = gtinSerial, fmt.Sprintf("S%d", r.IntN(40)), 1
				}
				if r.IntN(2) == 0 {
					// Documents, so the progress projection is exercised.
					d.Doc, d.DocLine = docs[r.IntN(len(docs))], r.IntN(3)+1
				}
				if d.Kind == inventory.KindAdjust && r.IntN(2) == 0 {
					d.Qty = -d.Qty
				}
				if d.Kind == inventory.KindCount && d.GTIN != gtinSerial {
					d.Qty = int64(r.IntN(10))
				}
				if _, err := db.Append(ctx, d); err == nil {
					accepted++
				}
			}
			if accepted < 300 {
				t.Fatalf("only %d of 1500 actions accepted: the workload does not exercise much", accepted)
			}
			incremental := snapshot(t, db)
			// The document progress Append maintained equals summing the
			// ledger, which is what Received & co. used to do per call.
			var differ, docRows int
			db.sql.QueryRow(`SELECT COUNT(*) FROM doc_progress`).Scan(&docRows)
			if err := db.sql.QueryRow(`SELECT COUNT(*) FROM (
				SELECT doc, kind, doc_line, SUM(qty) AS qty FROM events WHERE doc <> '' GROUP BY 1, 2, 3
				EXCEPT SELECT doc, kind, doc_line, qty FROM doc_progress)`).Scan(&differ); err != nil {
				t.Fatal(err)
			}
			if differ != 0 || docRows < 20 {
				t.Fatalf("doc_progress: %d rows, %d differ from the ledger's sums", docRows, differ)
			}
			if got, err := db.Received(ctx, "PO-1"); err != nil || len(got) == 0 {
				t.Fatalf("Received(PO-1) = %v, %v", got, err)
			}
			if err := db.Rebuild(ctx); err != nil {
				t.Fatal(err)
			}
			if rebuilt := snapshot(t, db); rebuilt != incremental {
				t.Fatalf("rebuild differs from incremental\nincremental:\n%s\nrebuilt:\n%s", incremental, rebuilt)
			}
			// And the serial projection matches each serial's history.
			seen := 0
			for i := 0; i < 40; i++ {
				s := fmt.Sprintf("S%d", i)
				hist, err := db.SerialHistory(ctx, gtinSerial, s)
				if err != nil {
					t.Fatalf("history of serial %s: %v", s, err)
				}
				st, err := db.Serial(ctx, gtinSerial, s)
				if len(hist) == 0 {
					continue
				}
				seen++
				if err != nil || st.LastSeq != hist[len(hist)-1].Seq || st.LastEvent != hist[len(hist)-1].ID {
					t.Errorf("serial %s: state %+v, last event %+v, %v", s, st, hist[len(hist)-1], err)
				}
			}
			if seen == 0 {
				t.Fatal("no serial has a history: nothing was compared")
			}
		})
	}
}
