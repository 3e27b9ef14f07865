package inventory

import (
	"reflect"
	"testing"
)

func TestEffectOf(t *testing.T) {
	const g = "09506000134352"
	ev := func(kind EventKind, qty int64, from, to string) Event {
		return Event{Kind: kind, GTIN: g, Lot: "L1", Qty: qty, From: from, To: to}
	}
	ser := func(kind EventKind, qty int64, from, to string) Event {
		e := ev(kind, qty, from, to)
		e.Serial = "S1"
		return e
	}
	noLot := func(e Event) Event { e.Lot = ""; return e }
	ch := func(loc, lot string, d int64) StockChange { return StockChange{Location: loc, Lot: lot, Delta: d} }
	at := func(loc string) Unit { return Unit{Status: SerialInStock, Location: loc, Lot: "L1"} }
	picked := Unit{Status: SerialPicked, Location: "STAGE", Lot: "L1"}
	shipped := Unit{Status: SerialShipped, Lot: "L1"}
	scrapped := Unit{Status: SerialScrapped, Lot: "L1"}
	tests := []struct {
		name   string
		e      Event
		before Before
		want   Effect
	}{
		// Quantity-tracked.
		{"receive adds at to", ev(KindReceive, 5, "", "DOCK"), Before{},
			Effect{Stock: []StockChange{ch("DOCK", "L1", 5)}}},
		{"return adds at to", ev(KindReturn, 2, "", "RET"), Before{},
			Effect{Stock: []StockChange{ch("RET", "L1", 2)}}},
		{"putaway takes from and adds at to", ev(KindPutaway, 5, "DOCK", "A-01"), Before{},
			Effect{Stock: []StockChange{ch("DOCK", "L1", -5), ch("A-01", "L1", 5)}}},
		{"move takes from and adds at to", ev(KindMove, 3, "A-01", "B-01"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", -3), ch("B-01", "L1", 3)}}},
		{"pick takes from and adds at to", ev(KindPick, 1, "A-01", "STAGE"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1), ch("STAGE", "L1", 1)}}},
		{"move within one place changes nothing", ev(KindMove, 3, "A-01", "A-01"), Before{}, Effect{}},
		{"pick within one place changes nothing", ev(KindPick, 3, "A-01", "A-01"), Before{}, Effect{}},
		{"ship takes from", ev(KindShip, 4, "STAGE", ""), Before{},
			Effect{Stock: []StockChange{ch("STAGE", "L1", -4)}}},
		{"adjust up at to", ev(KindAdjust, 2, "", "A-01"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", 2)}}},
		{"adjust down at to", ev(KindAdjust, -2, "", "A-01"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", -2)}}},
		{"write-off at from", ev(KindAdjust, -2, "A-01", "B-01"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", -2)}}},
		{"adjust up with only from", ev(KindAdjust, 2, "A-01", ""), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", 2)}}},
		{"count above on hand adds the difference", ev(KindCount, 7, "", "A-01"), Before{Qty: 5},
			Effect{Stock: []StockChange{ch("A-01", "L1", 2)}}},
		{"count below on hand takes the difference", ev(KindCount, 1, "", "A-01"), Before{Qty: 5},
			Effect{Stock: []StockChange{ch("A-01", "L1", -4)}}},
		{"count of what is there lists a zero change", ev(KindCount, 5, "", "A-01"), Before{Qty: 5},
			Effect{Stock: []StockChange{ch("A-01", "L1", 0)}}},
		{"count of nothing clears negative stock", ev(KindCount, 0, "", "A-01"), Before{Qty: -3},
			Effect{Stock: []StockChange{ch("A-01", "L1", 3)}}},
		{"quantity event ignores the unit", ev(KindMove, 3, "A-01", "B-01"), Before{Unit: at("C-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -3), ch("B-01", "L1", 3)}}},
		{"missing location changes nothing", ev(KindReceive, 5, "", ""), Before{}, Effect{}},

		// Serialised: arriving.
		{"serial receive", ser(KindReceive, 1, "", "DOCK"), Before{},
			Effect{Stock: []StockChange{ch("DOCK", "L1", 1)}, Unit: at("DOCK")}},
		{"serial received twice arrives again", ser(KindReceive, 1, "", "DOCK"), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("DOCK", "L1", 1)}, Unit: at("DOCK")}},
		{"serial return", ser(KindReturn, 1, "", "RET"), Before{Unit: shipped},
			Effect{Stock: []StockChange{ch("RET", "L1", 1)}, Unit: Unit{Status: SerialReturned, Location: "RET", Lot: "L1"}}},
		{"serial adjust up", ser(KindAdjust, 1, "", "A-01"), Before{Unit: scrapped},
			Effect{Stock: []StockChange{ch("A-01", "L1", 1)}, Unit: at("A-01")}},

		// Serialised: leaving where the projection has it.
		{"serial putaway", ser(KindPutaway, 1, "DOCK", "A-01"), Before{Unit: at("DOCK")},
			Effect{Stock: []StockChange{ch("DOCK", "L1", -1), ch("A-01", "L1", 1)}, Unit: at("A-01")}},
		{"serial move from elsewhere leaves where it is", ser(KindMove, 1, "A-01", "B-01"), Before{Unit: at("C-01")},
			Effect{Stock: []StockChange{ch("C-01", "L1", -1), ch("B-01", "L1", 1)}, Unit: at("B-01")}},
		{"serial move leaves from its own lot", noLot(ser(KindMove, 1, "A-01", "B-01")), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1), ch("B-01", "", 1)}, Unit: at("B-01")}},
		{"serial move of a shipped unit", ser(KindMove, 1, "A-01", "B-01"), Before{Unit: shipped},
			Effect{Stock: []StockChange{ch("B-01", "L1", 1)}, Unit: at("B-01"), Gone: true}},
		{"serial move of a unit never seen", ser(KindMove, 1, "A-01", "B-01"), Before{},
			Effect{Stock: []StockChange{ch("B-01", "L1", 1)}, Unit: at("B-01"), Gone: true}},
		{"serial move within one place", ser(KindMove, 1, "A-01", "A-01"), Before{Unit: at("A-01")},
			Effect{Unit: at("A-01")}},
		{"serial pick", ser(KindPick, 1, "A-01", "STAGE"), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1), ch("STAGE", "L1", 1)}, Unit: picked}},
		{"serial pick within one place", ser(KindPick, 1, "STAGE", "STAGE"), Before{Unit: at("STAGE")},
			Effect{Unit: picked}},
		{"serial ship", ser(KindShip, 1, "STAGE", ""), Before{Unit: picked},
			Effect{Stock: []StockChange{ch("STAGE", "L1", -1)}, Unit: shipped}},
		{"serial shipped twice", ser(KindShip, 1, "STAGE", ""), Before{Unit: shipped},
			Effect{Unit: shipped, Gone: true}},
		{"serial ship from elsewhere", ser(KindShip, 1, "STAGE", ""), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1)}, Unit: shipped}},
		{"serial write-off", ser(KindAdjust, -1, "A-01", ""), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1)}, Unit: scrapped}},
		{"serial write-off of a unit already gone", ser(KindAdjust, -1, "A-01", ""), Before{Unit: shipped},
			Effect{Unit: scrapped, Gone: true}},
		{"serial write-off of a unit elsewhere", ser(KindAdjust, -1, "A-01", ""), Before{Unit: at("B-01")},
			Effect{Stock: []StockChange{ch("B-01", "L1", -1)}, Unit: scrapped}},

		// Serialised: counted.
		{"serial count where it is", ser(KindCount, 1, "", "A-01"), Before{Unit: at("A-01")},
			Effect{Unit: at("A-01")}},
		{"serial count of a picked unit where it is", ser(KindCount, 1, "", "STAGE"), Before{Unit: picked},
			Effect{Unit: at("STAGE")}},
		{"serial count found elsewhere moves it", ser(KindCount, 1, "", "B-01"), Before{Unit: at("A-01")},
			Effect{Stock: []StockChange{ch("A-01", "L1", -1), ch("B-01", "L1", 1)}, Unit: at("B-01")}},
		{"serial count of a unit never seen", ser(KindCount, 1, "", "A-01"), Before{},
			Effect{Stock: []StockChange{ch("A-01", "L1", 1)}, Unit: at("A-01")}},
		{"serial count of a shipped unit brings it back", ser(KindCount, 1, "", "A-01"), Before{Unit: shipped},
			Effect{Stock: []StockChange{ch("A-01", "L1", 1)}, Unit: at("A-01")}},
		{"serial count ignores the quantity on hand", ser(KindCount, 1, "", "A-01"), Before{Unit: at("A-01"), Qty: 9},
			Effect{Unit: at("A-01")}},
		{"serial count without a lot keeps the unit's", noLot(ser(KindCount, 1, "", "A-01")), Before{Unit: at("A-01")},
			Effect{Unit: at("A-01")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EffectOf(tc.e, tc.before)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("EffectOf(%s %+v)\n got %+v\nwant %+v", tc.e.Kind, tc.before, got, tc.want)
			}
		})
	}
}

// The lot a unit keeps is the event's when it names one.
func TestEffectOfNewLot(t *testing.T) {
	e := Event{Kind: KindCount, GTIN: "09506000134352", Serial: "S1", Lot: "L2", Qty: 1, To: "A-01"}
	got, err := EffectOf(e, Before{Unit: Unit{Status: SerialInStock, Location: "A-01", Lot: "L1"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Unit.Lot != "L2" || len(got.Stock) != 0 {
		t.Errorf("count with lot L2 of a unit of L1 where it is: %+v, want lot L2 and no stock change", got)
	}
}

func TestEffectOfUnknownKind(t *testing.T) {
	for _, serial := range []string{"", "S1"} {
		e := Event{Kind: "teleport", GTIN: "09506000134352", Serial: serial, Qty: 1, From: "A-01", To: "B-01"}
		if eff, err := EffectOf(e, Before{}); err == nil {
			t.Errorf("serial %q: unknown kind gave %+v and no error", serial, eff)
		}
	}
}

func TestSetsStock(t *testing.T) {
	for _, tc := range []struct {
		e    Event
		want bool
	}{
		{Event{Kind: KindCount}, true},
		{Event{Kind: KindCount, Serial: "S1"}, false},
		{Event{Kind: KindAdjust}, false},
		{Event{Kind: KindReceive}, false},
	} {
		if got := tc.e.SetsStock(); got != tc.want {
			t.Errorf("%s serial %q: SetsStock %v, want %v", tc.e.Kind, tc.e.Serial, got, tc.want)
		}
	}
}
