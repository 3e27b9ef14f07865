package flowtest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// CatalogContract checks a flow.Catalog made from ContractSeed by mk
// against what the engine relies on. The real adapter over the terminal's
// database and the in-memory test catalog both run it, so engine tests on
// the fake hold for the terminal.
func CatalogContract(t *testing.T, mk func(t *testing.T, seed Seed) flow.Catalog) {
	t.Helper()
	seed := ContractSeed()
	cat := mk(t, seed)
	today := ContractNow

	t.Run("Product", func(t *testing.T) {
		p, err := cat.Product(cLot)
		if err != nil || !reflect.DeepEqual(p, seed.Products[1]) {
			t.Errorf("Product(%s) = %+v, %v; want %+v", cLot, p, err, seed.Products[1])
		}
		notFound(t, "Product(unknown)", func() error { _, err := cat.Product("09506000999995"); return err })
		notFound(t, "Product(\"\")", func() error { _, err := cat.Product(""); return err })
	})

	t.Run("Location", func(t *testing.T) {
		for _, tc := range []struct{ in, want string }{
			{"A-01", "A-01"},
			{"9506000000008/A1", "A-01"}, // by its barcode
			{"CAGE", "C-01"},             // a barcode on two: the first code
			{"QUAR-2", "QUAR-2"},
		} {
			l, err := cat.Location(tc.in)
			if err != nil || l.Code != tc.want {
				t.Errorf("Location(%q) = %+v, %v; want %s", tc.in, l, err, tc.want)
			}
		}
		if l, err := cat.Location("B-01"); err != nil || l != seed.Locations[4] {
			t.Errorf("Location(B-01) = %+v, %v; want %+v", l, err, seed.Locations[4])
		}
		notFound(t, "Location(unknown)", func() error { _, err := cat.Location("Z-99"); return err })
		notFound(t, "Location(\"\")", func() error { _, err := cat.Location(""); return err })
	})

	t.Run("LocationsOfKind", func(t *testing.T) {
		ll, ok := cat.(flow.LocationLister)
		if !ok {
			t.Fatal("not a flow.LocationLister")
		}
		for kind, want := range map[inventory.LocationKind][]string{
			inventory.LocQuarantine: {"QUAR", "QUAR-2"},
			inventory.LocBin:        {"A-01", "A-02", "A-03", "B-01", "C-01", "C-02"},
			inventory.LocDock:       {"DOCK-1"},
		} {
			ls, err := ll.LocationsOfKind(kind)
			var got []string
			for _, l := range ls {
				got = append(got, l.Code)
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("LocationsOfKind(%s) = %v, %v; want %v", kind, got, err, want)
			}
		}
	})

	t.Run("Lot", func(t *testing.T) {
		for _, want := range []inventory.Lot{
			seed.Lots[2], // master data as sent
			seed.Lots[5], // quarantine
			seed.Lots[6], // recalled
			// L-SOON2's receipt named another expiry: master data wins.
			seed.Lots[1],
			// First seen in a receipt: released, the scanned expiry, version 0.
			{GTIN: cLot, Lot: "L-NEW", Expiry: "2027-03-15", Status: inventory.LotReleased},
			// First seen without expiry; the count named one.
			{GTIN: cGlove, Lot: "G-LOCAL", Expiry: "2027-05-01", Status: inventory.LotReleased},
			{GTIN: cPump, Lot: "PL1", Status: inventory.LotReleased},
		} {
			l, err := cat.Lot(want.GTIN, want.Lot)
			if err != nil || l != want {
				t.Errorf("Lot(%s, %s) = %+v, %v; want %+v", want.GTIN, want.Lot, l, err, want)
			}
		}
		notFound(t, "Lot(unknown)", func() error { _, err := cat.Lot(cLot, "L-NONE"); return err })
		notFound(t, "Lot(another product's)", func() error { _, err := cat.Lot(cGlove, "L-SOON"); return err })
	})

	t.Run("FEFO", func(t *testing.T) {
		fc := func(gtin, lot, expiry, loc string, qty int64) inventory.FEFOCandidate {
			return inventory.FEFOCandidate{GTIN: gtin, Lot: lot, Expiry: expiry, Location: loc, Qty: qty}
		}
		for _, tc := range []struct {
			name string
			gtin string
			day  time.Time
			want []inventory.FEFOCandidate
		}{
			{
				// Released, unexpired lots with stock, earliest expiry
				// first, then lot, then location. A lot expiring today is
				// still pickable; L-EXP (yesterday), L-QUAR, L-RECALL and
				// L-GONE (shipped) are not listed.
				"lots", cLot, today, []inventory.FEFOCandidate{
					fc(cLot, "L-TODAY", "2026-11-26", "A-03", 2),
					fc(cLot, "L-SOON", "2026-12-01", "A-01", 4),
					fc(cLot, "L-SOON", "2026-12-01", "A-02", 3),
					fc(cLot, "L-SOON2", "2026-12-01", "A-03", 2),
					fc(cLot, "L-NEW", "2027-03-15", "DOCK-1", 1),
					fc(cLot, "L-LATE", "2027-06-30", "A-02", 8),
				},
			},
			{
				"an earlier day lists the lot expired since", cLot, today.AddDate(0, 0, -2), []inventory.FEFOCandidate{
					fc(cLot, "L-EXP", "2026-11-25", "A-01", 4),
					fc(cLot, "L-TODAY", "2026-11-26", "A-03", 2),
					fc(cLot, "L-SOON", "2026-12-01", "A-01", 4),
					fc(cLot, "L-SOON", "2026-12-01", "A-02", 3),
					fc(cLot, "L-SOON2", "2026-12-01", "A-03", 2),
					fc(cLot, "L-NEW", "2027-03-15", "DOCK-1", 1),
					fc(cLot, "L-LATE", "2027-06-30", "A-02", 8),
				},
			},
			{
				// Lots without expiry last; an expiry learnt from a count counts.
				"lots without expiry last", cGlove, today, []inventory.FEFOCandidate{
					fc(cGlove, "G-EXP", "2027-01-15", "A-02", 5),
					fc(cGlove, "G-LOCAL", "2027-05-01", "A-03", 2),
					fc(cGlove, "G-NOEXP", "", "A-02", 5),
				},
			},
			{
				// Stock without a lot is listed, with no lot and no expiry.
				"untracked stock", cNone, today, []inventory.FEFOCandidate{
					fc(cNone, "", "", "A-01", 12),
					fc(cNone, "", "", "A-02", 3),
					fc(cNone, "", "", "B-01", 8),
				},
			},
			{
				// Serialised units wherever they are in the building: FEFO
				// does not look at the kind of place, so units picked to
				// staging and units in a quarantine location are listed too.
				"serialised units", cPump, today, []inventory.FEFOCandidate{
					fc(cPump, "", "", "A-02", 1),
					fc(cPump, "", "", "A-03", 1),
					fc(cPump, "", "", "B-01", 1),
					fc(cPump, "", "", "QUAR", 1),
					fc(cPump, "PL1", "", "A-01", 2),
					fc(cPump, "PL1", "", "STG-1", 1),
					fc(cPump, "PL2", "", "A-03", 1),
					fc(cPump, "PL2", "", "STG-1", 1),
				},
			},
			{"unknown product", "09506000999995", today, nil},
		} {
			got, err := cat.FEFO(tc.gtin, tc.day)
			if err != nil || !sameList(got, tc.want) {
				t.Errorf("%s: FEFO(%s, %s) = %v\n%+v\nwant %+v", tc.name, tc.gtin, tc.day.Format(time.DateOnly), err, got, tc.want)
			}
		}
	})

	t.Run("Stock", func(t *testing.T) {
		row := func(loc, gtin, lot, expiry string, qty int64) flow.StockRow {
			return flow.StockRow{Location: loc, GTIN: gtin, Lot: lot, Expiry: expiry, Qty: qty}
		}
		all := []flow.StockRow{
			row("A-01", cNone, "", "", 12),
			row("A-01", cPump, "PL1", "", 2),
			row("A-01", cLot, "L-EXP", "2026-11-25", 4),
			row("A-01", cLot, "L-QUAR", "2027-01-31", 6),
			row("A-01", cLot, "L-SOON", "2026-12-01", 4),
			row("A-02", cNone, "", "", 3),
			row("A-02", cPump, "", "", 1),
			row("A-02", cLot, "L-LATE", "2027-06-30", 8),
			row("A-02", cLot, "L-SOON", "2026-12-01", 3),
			row("A-02", cMeter, "", "", 1),
			row("A-02", cGlove, "G-EXP", "2027-01-15", 5),
			row("A-02", cGlove, "G-NOEXP", "", 5),
			row("A-03", cPump, "", "", 1),
			row("A-03", cPump, "PL2", "", 1),
			row("A-03", cLot, "L-RECALL", "2027-02-28", 7),
			row("A-03", cLot, "L-SOON2", "2026-12-01", 2),
			row("A-03", cLot, "L-TODAY", "2026-11-26", 2),
			row("A-03", cGlove, "G-LOCAL", "2027-05-01", 2),
			row("B-01", cNone, "", "", 8),
			row("B-01", cPump, "", "", 1),
			row("DOCK-1", cLot, "L-NEW", "2027-03-15", 1),
			row("QUAR", cPump, "", "", 1),
			row("STG-1", cPump, "PL1", "", 1),
			row("STG-1", cPump, "PL2", "", 1),
		}
		pick := func(keep func(flow.StockRow) bool) []flow.StockRow {
			var out []flow.StockRow
			for _, r := range all {
				if keep(r) {
					out = append(out, r)
				}
			}
			return out
		}
		for _, tc := range []struct {
			f    flow.StockFilter
			want []flow.StockRow
		}{
			// Ordered by location, product, lot; emptied places (DOCK-1's
			// cartons, STG-1's shipped lots) hold nothing.
			{flow.StockFilter{}, all},
			{flow.StockFilter{Location: "A-01"}, pick(func(r flow.StockRow) bool { return r.Location == "A-01" })},
			{flow.StockFilter{GTIN: cLot, Lot: "L-SOON"}, pick(func(r flow.StockRow) bool { return r.Lot == "L-SOON" })},
			{flow.StockFilter{Location: "A-02", GTIN: cGlove}, pick(func(r flow.StockRow) bool { return r.Location == "A-02" && r.GTIN == cGlove })},
			{flow.StockFilter{Lot: "L-GONE"}, nil},
			{flow.StockFilter{Location: "C-01"}, nil},
		} {
			got, err := cat.Stock(tc.f)
			if err != nil || !sameList(nonZero(got), tc.want) {
				t.Errorf("Stock(%+v) = %v\n%+v\nwant %+v", tc.f, err, got, tc.want)
			}
		}
	})

	t.Run("Serial", func(t *testing.T) {
		st := func(gtin, serial, lot string, status inventory.SerialStatus, loc string, last inventory.EventKind) inventory.SerialState {
			return inventory.SerialState{GTIN: gtin, Serial: serial, Lot: lot, Status: status, Location: loc, LastKind: last}
		}
		for _, tc := range []struct {
			gtin, serial string
			want         inventory.SerialState
		}{
			{cPump, "S1", st(cPump, "S1", "PL1", inventory.SerialInStock, "A-01", inventory.KindCount)},
			{cPump, "S2", st(cPump, "S2", "PL1", inventory.SerialPicked, "STG-1", inventory.KindPick)},
			{cPump, "S3", st(cPump, "S3", "", inventory.SerialReturned, "QUAR", inventory.KindReturn)},
			{cPump, "S9", st(cPump, "S9", "", inventory.SerialReturned, "A-02", inventory.KindReturn)},
			{cPump, "S4", st(cPump, "S4", "", inventory.SerialScrapped, "", inventory.KindAdjust)},
			{cPump, "S5", st(cPump, "S5", "", inventory.SerialInStock, "B-01", inventory.KindMove)},
			{cPump, "S6", st(cPump, "S6", "PL1", inventory.SerialInStock, "A-01", inventory.KindCount)},
			{cPump, "X1", st(cPump, "X1", "", inventory.SerialInStock, "A-03", inventory.KindReceive)},
			// Any product: the unit moved last.
			{"", "X1", st(cMeter, "X1", "", inventory.SerialInStock, "A-02", inventory.KindReceive)},
			{"", "S3", st(cPump, "S3", "", inventory.SerialReturned, "QUAR", inventory.KindReturn)},
		} {
			got, err := cat.Serial(tc.gtin, tc.serial)
			if err != nil {
				t.Errorf("Serial(%q, %s): %v", tc.gtin, tc.serial, err)
				continue
			}
			// The last event is the serial's latest in its history.
			h, err := cat.History(got.GTIN, "", tc.serial, 0)
			if err != nil || len(h) == 0 || h[len(h)-1].ID != got.LastEvent || h[len(h)-1].Seq != got.LastSeq || !h[len(h)-1].At.Equal(got.LastAt) {
				t.Errorf("Serial(%q, %s) last event %s #%d at %v; history %v %+v", tc.gtin, tc.serial, got.LastEvent, got.LastSeq, got.LastAt, err, h)
			}
			got.LastEvent, got.LastSeq, got.LastAt = "", 0, time.Time{}
			if got != tc.want {
				t.Errorf("Serial(%q, %s) = %+v, want %+v", tc.gtin, tc.serial, got, tc.want)
			}
		}
		notFound(t, "Serial(unknown)", func() error { _, err := cat.Serial(cPump, "S99"); return err })
		notFound(t, "Serial(any product, unknown)", func() error { _, err := cat.Serial("", "S99"); return err })
		notFound(t, "Serial(another product's)", func() error { _, err := cat.Serial(cMeter, "S1"); return err })
	})

	t.Run("SerialsAt", func(t *testing.T) {
		src, ok := cat.(flow.SerialSource)
		if !ok {
			t.Fatal("not a flow.SerialSource")
		}
		for _, tc := range []struct {
			loc, gtin string
			want      []string // gtin/serial, ordered by product, lot, serial
		}{
			{"A-01", "", []string{cPump + "/S1", cPump + "/S6"}},
			{"A-01", cPump, []string{cPump + "/S1", cPump + "/S6"}},
			{"A-01", cMeter, nil},
			{"STG-1", "", []string{cPump + "/S2", cPump + "/S8"}}, // picked units are there
			{"QUAR", "", []string{cPump + "/S3"}},                 // so are returned ones
			{"A-02", "", []string{cPump + "/S9", cMeter + "/X1"}}, // not S4, scrapped there
			{"A-03", "", []string{cPump + "/X1", cPump + "/S7"}},  // by lot, then serial
			{"DOCK-1", "", nil},
		} {
			sts, err := src.SerialsAt(tc.loc, tc.gtin)
			var got []string
			for _, s := range sts {
				got = append(got, s.GTIN+"/"+s.Serial)
				if s.Location != tc.loc || !s.Status.InBuilding() {
					t.Errorf("SerialsAt(%s) lists %+v", tc.loc, s)
				}
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SerialsAt(%s, %q) = %v, %v; want %v", tc.loc, tc.gtin, got, err, tc.want)
			}
		}
	})

	t.Run("History", func(t *testing.T) {
		kinds := func(evs []inventory.Event) []string {
			var out []string
			for _, e := range evs {
				out = append(out, fmt.Sprintf("%s %s/%s/%s %d %s>%s %s:%d", e.Kind, e.GTIN, e.Lot, e.Serial, e.Qty, e.From, e.To, e.Doc, e.DocLine))
			}
			return out
		}
		for _, tc := range []struct {
			gtin, lot, serial string
			limit             int
			want              []string
		}{
			{cLot, "L-LATE", "", 0, []string{
				"receive " + cLot + "/L-LATE/ 10 >DOCK-1 PO-1:1",
				"putaway " + cLot + "/L-LATE/ 10 DOCK-1>A-02 :0",
				"pick " + cLot + "/L-LATE/ 4 A-02>STG-1 PL-1:1",
				"ship " + cLot + "/L-LATE/ 4 STG-1> SO-1:1",
				"return " + cLot + "/L-LATE/ 2 >A-02 RA-1:1",
			}},
			{cLot, "L-LATE", "", 2, []string{ // the latest two, oldest first
				"ship " + cLot + "/L-LATE/ 4 STG-1> SO-1:1",
				"return " + cLot + "/L-LATE/ 2 >A-02 RA-1:1",
			}},
			{"", "", "S3", 0, []string{
				"receive " + cPump + "//S3 1 >DOCK-1 PO-1:2",
				"putaway " + cPump + "//S3 1 DOCK-1>A-01 :0",
				"pick " + cPump + "//S3 1 A-01>STG-1 :0",
				"ship " + cPump + "//S3 1 STG-1> SO-1:2",
				"return " + cPump + "//S3 1 >QUAR RA-1:2",
			}},
			{cPump, "", "X1", 0, []string{"receive " + cPump + "//X1 1 >A-03 :0"}},
			{"", "", "X1", 0, []string{"receive " + cPump + "//X1 1 >A-03 :0", "receive " + cMeter + "//X1 1 >A-02 :0"}},
			{cLot, "L-NONE", "", 0, nil},
			{"", "", "S99", 0, nil},
		} {
			evs, err := cat.History(tc.gtin, tc.lot, tc.serial, tc.limit)
			if got := kinds(evs); err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("History(%q, %q, %q, %d) = %v\n%q\nwant %q", tc.gtin, tc.lot, tc.serial, tc.limit, err, got, tc.want)
			}
			for i := 1; i < len(evs); i++ {
				if evs[i].Seq <= evs[i-1].Seq || evs[i].ID == "" || evs[i].ID == evs[i-1].ID {
					t.Errorf("History(%q, %q, %q): events not in order or without ids: %+v", tc.gtin, tc.lot, tc.serial, evs)
				}
			}
		}
	})

	t.Run("Documents", func(t *testing.T) {
		if d, err := cat.PurchaseOrder("PO-1"); err != nil || !reflect.DeepEqual(d, seed.PurchaseOrders[0]) {
			t.Errorf("PurchaseOrder(PO-1) = %+v, %v", d, err)
		}
		if d, err := cat.PickList("PL-1"); err != nil || !reflect.DeepEqual(d, seed.PickLists[0]) {
			t.Errorf("PickList(PL-1) = %+v, %v", d, err)
		}
		if d, err := cat.SalesOrder("SO-2"); err != nil || !reflect.DeepEqual(d, seed.SalesOrders[1]) {
			t.Errorf("SalesOrder(SO-2) = %+v, %v", d, err) // closed documents are kept
		}
		if d, err := cat.ReturnAuth("RA-1"); err != nil || !reflect.DeepEqual(d, seed.ReturnAuths[0]) {
			t.Errorf("ReturnAuth(RA-1) = %+v, %v", d, err)
		}
		notFound(t, "PurchaseOrder(unknown)", func() error { _, err := cat.PurchaseOrder("PO-9"); return err })
		notFound(t, "PickList(unknown)", func() error { _, err := cat.PickList("PL-9"); return err })
		notFound(t, "SalesOrder(unknown)", func() error { _, err := cat.SalesOrder("SO-9"); return err })
		notFound(t, "ReturnAuth(unknown)", func() error { _, err := cat.ReturnAuth("RA-9"); return err })
		notFound(t, "PurchaseOrder(another kind's id)", func() error { _, err := cat.PurchaseOrder("SO-1"); return err })
	})

	t.Run("Progress", func(t *testing.T) {
		rp, ok := cat.(flow.ReturnProgress)
		if !ok {
			t.Fatal("not a flow.ReturnProgress")
		}
		for _, tc := range []struct {
			name string
			read func() (map[int]int64, error)
			want map[int]int64
		}{
			{"Received(PO-1)", func() (map[int]int64, error) { return cat.Received("PO-1") }, map[int]int64{1: 20, 2: 3, 3: 20}},
			{"Picked(PL-1)", func() (map[int]int64, error) { return cat.Picked("PL-1") }, map[int]int64{1: 4, 2: 1}},
			{"Shipped(SO-1)", func() (map[int]int64, error) { return cat.Shipped("SO-1") }, map[int]int64{1: 4, 2: 1}},
			{"Shipped(SO-2)", func() (map[int]int64, error) { return cat.Shipped("SO-2") }, map[int]int64{1: 3}},
			{"Returned(RA-1)", func() (map[int]int64, error) { return rp.Returned("RA-1") }, map[int]int64{1: 2, 2: 1}},
			// A document nothing was done on (known or not) has no progress.
			{"Received(PO-9)", func() (map[int]int64, error) { return cat.Received("PO-9") }, nil},
			{"Picked(PO-1)", func() (map[int]int64, error) { return cat.Picked("PO-1") }, nil},
		} {
			got, err := tc.read()
			if err != nil || len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("%s = %v, %v; want %v", tc.name, got, err, tc.want)
			}
		}
	})

	t.Run("Pallet", func(t *testing.T) {
		ps, ok := cat.(flow.PalletSource)
		if !ok {
			t.Fatal("not a flow.PalletSource")
		}
		for _, tc := range []struct {
			sscc string
			want []flow.PalletLine
		}{
			// Units without serials followed through the label's events,
			// by location.
			{cSSCC, []flow.PalletLine{{GTIN: cNone, Qty: 20, Doc: "PO-1", DocLine: 3, Places: []flow.PalletPlace{
				{Location: "A-01", Qty: 12}, {Location: "B-01", Qty: 8}}}}},
			// Serialised units where they are, picked ones too.
			{cSSCC2, []flow.PalletLine{{GTIN: cPump, Lot: "PL2", Qty: 2, Serials: []string{"S7", "S8"}, Places: []flow.PalletPlace{
				{Location: "A-03", Qty: 1, Serials: []string{"S7"}}, {Location: "STG-1", Qty: 1, Serials: []string{"S8"}}}}}},
		} {
			got, err := ps.Pallet(tc.sscc)
			if err != nil || !reflect.DeepEqual(palletNil(got), tc.want) {
				t.Errorf("Pallet(%s) = %+v, %v\nwant %+v", tc.sscc, got, err, tc.want)
			}
		}
		notFound(t, "Pallet(unknown)", func() error { _, err := ps.Pallet("095060001234567886"); return err })
	})
}

// palletNil makes empty lists nil, so lines compare whichever a catalog
// returns.
func palletNil(ls []flow.PalletLine) []flow.PalletLine {
	if len(ls) == 0 {
		return nil
	}
	out := make([]flow.PalletLine, len(ls))
	for i, l := range ls {
		if len(l.Serials) == 0 {
			l.Serials = nil
		}
		var places []flow.PalletPlace
		for _, p := range l.Places {
			if len(p.Serials) == 0 {
				p.Serials = nil
			}
			places = append(places, p)
		}
		l.Places = places
		out[i] = l
	}
	return out
}

// notFound checks that a look-up of something unknown says so with
// flow.ErrNotFound (the engine tells "not found" from a failing read by it).
func notFound(t *testing.T, what string, lookup func() error) {
	t.Helper()
	if err := lookup(); !errors.Is(err, flow.ErrNotFound) {
		t.Errorf("%s: err = %v, want flow.ErrNotFound", what, err)
	}
}

// sameList compares two lists, an empty one equal to nil.
func sameList[T any](got, want []T) bool {
	if len(got) == 0 && len(want) == 0 {
		return true
	}
	return reflect.DeepEqual(got, want)
}

// nonZero drops rows with no quantity (a catalog may keep them).
func nonZero(rows []flow.StockRow) []flow.StockRow {
	var out []flow.StockRow
	for _, r := range rows {
		if r.Qty != 0 {
			out = append(out, r)
		}
	}
	return out
}
