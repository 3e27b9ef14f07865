package flow

import (
	"slices"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Stock on hand: how much of a product and lot is where.

// stockAt sums stock of a product (and lot, when given) at a location.
func stockAt(cat Catalog, loc, gtin, lot string) (int64, Verdict) {
	rows, err := cat.Stock(StockFilter{Location: loc, GTIN: gtin, Lot: lot})
	if err != nil {
		return 0, lookupErr(err, "stock")
	}
	var n int64
	for _, r := range rows {
		if lot == "" || r.Lot == lot {
			n += r.Qty
		}
	}
	return n, Verdict{}
}

// holders lists the locations holding a product and lot, most stock first.
func holders(cat Catalog, gtin, lot string) ([]StockRow, Verdict) {
	rows, err := cat.Stock(StockFilter{GTIN: gtin, Lot: lot})
	if err != nil {
		return nil, lookupErr(err, "stock")
	}
	out := rows[:0:0]
	for _, r := range rows {
		if r.Qty > 0 && (lot == "" || r.Lot == lot) {
			out = append(out, r)
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: a handful of rows
		for j := i; j > 0 && out[j].Qty > out[j-1].Qty; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, Verdict{}
}

// elsewhere says where else a product and lot are in stock, for a refusal
// that found none at not: " (it is at A-01)", " (it is at A-01, B-02 …)",
// or "" when nowhere.
func elsewhere(cat Catalog, gtin, lot, not string) string {
	rows, v := holders(cat, gtin, lot)
	if v.Level == Error {
		return ""
	}
	var at []string
	for _, r := range rows {
		if r.Location != not && !slices.Contains(at, r.Location) {
			at = append(at, r.Location)
		}
	}
	switch {
	case len(at) == 0:
		return ""
	case len(at) > 2:
		return " (it is at " + at[0] + ", " + at[1] + " …)"
	}
	return " (it is at " + strings.Join(at, ", ") + ")"
}

func positive(rows []StockRow) []StockRow {
	out := rows[:0:0]
	for _, r := range rows {
		if r.Qty > 0 {
			out = append(out, r)
		}
	}
	return out
}

// minusCollected is rows less the units a move or put-away collected from
// them already; rows left with nothing are dropped.
func minusCollected(rows []StockRow, collected []unit) []StockRow {
	out := rows[:0:0]
	for _, r := range rows {
		for _, u := range collected {
			if u.GTIN == r.GTIN && u.Lot == r.Lot && u.From == r.Location {
				r.Qty -= u.Qty
			}
		}
		if r.Qty > 0 {
			out = append(out, r)
		}
	}
	return out
}

// fromSuggest is the from-location a FROM prompt offers (Enter takes it):
// where most of a product and lot is, less what was collected already
// (put-away), and never the pick drop location (what is there is picked).
// Move asks for its from-location first and offers none.
func fromSuggest(cat Catalog, gtin, lot, drop string, collected []unit) string {
	rows, v := holders(cat, gtin, lot)
	if v.Level == Error {
		return ""
	}
	_, held := lotHeld(cat, gtin, lot, "", "")
	for _, r := range minusCollected(rows, collected) {
		if drop != "" && r.Location == drop {
			continue
		}
		if held {
			// A held lot is put away into quarantine, not out of it.
			if l, err := cat.Location(r.Location); err == nil && l.Kind == inventory.LocQuarantine {
				continue
			}
		}
		return r.Location
	}
	return ""
}
