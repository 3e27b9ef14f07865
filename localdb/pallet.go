package localdb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// PalletLine is one product and lot that arrived on a pallet (SSCC): what
// was received under the pallet label and where those units are now.
type PalletLine struct {
	GTIN    string   `json:"gtin"`
	Lot     string   `json:"lot,omitempty"`
	Expiry  string   `json:"expiry,omitempty"`
	Qty     int64    `json:"qty"`               // received under the SSCC (0 when it only moved under it)
	Serials []string `json:"serials,omitempty"` // serial numbers received under the SSCC, in seq order
	Doc     string   `json:"doc,omitempty"`     // the PO of the first receipt
	DocLine int      `json:"doc_line,omitempty"`
	// Places is where those units are now, by location. A serial is found
	// exactly (its projection). Quantity-tracked units are followed
	// through the events that carry the SSCC and never counted above the
	// stock the projection holds there: units picked or moved without
	// scanning the pallet label are no longer attributed to the pallet.
	Places []PalletPlace `json:"places"`
}

// PalletPlace is part of a pallet line at one location.
type PalletPlace struct {
	Location string   `json:"location"`
	Qty      int64    `json:"qty"`
	Serials  []string `json:"serials,omitempty"`
}

// Pallet returns what was received under the pallet label sscc (18 digits,
// GS1 AI 00) and where those units are now, one line per product and lot in
// the order they were first recorded. An SSCC no event carries gives
// ErrNotFound.
func (db *DB) Pallet(ctx context.Context, sscc string) ([]PalletLine, error) {
	sscc = strings.TrimSpace(sscc)
	if sscc == "" {
		return nil, fmt.Errorf("pallet: empty SSCC: %w", ErrNotFound)
	}
	var out []PalletLine
	err := db.readSnapshot(ctx, func(q querier) error {
		var err error
		out, err = pallet(ctx, q, sscc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pallet %s: %w", sscc, err)
	}
	return out, nil
}

func pallet(ctx context.Context, q querier, sscc string) ([]PalletLine, error) {
	// "sscc <> ''" lets SQLite use the partial index events_sscc.
	evs, err := readEvents(ctx, q, "", "WHERE e.sscc = ? AND e.sscc <> '' ORDER BY e.seq", sscc)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("no receipt or movement on this terminal carries this pallet label: %w", ErrNotFound)
	}
	type key struct{ gtin, lot string }
	var lines []*PalletLine
	byKey := map[key]*PalletLine{}
	net := map[key]map[string]int64{} // quantity-tracked units per location
	for _, ev := range evs {
		k := key{ev.GTIN, ev.Lot}
		l := byKey[k]
		if l == nil {
			l = &PalletLine{GTIN: ev.GTIN, Lot: ev.Lot, Places: []PalletPlace{}}
			byKey[k] = l
			lines = append(lines, l)
			net[k] = map[string]int64{}
		}
		if ev.Kind == inventory.KindReceive {
			l.Qty += ev.Qty
			if l.Expiry == "" {
				l.Expiry = ev.Expiry
			}
			if l.Doc == "" {
				l.Doc, l.DocLine = ev.Doc, ev.DocLine
			}
			if ev.Serial != "" {
				l.Serials = append(l.Serials, ev.Serial)
			}
		}
		if ev.Serial != "" {
			continue
		}
		if ev.SetsStock() {
			// A count under the pallet label sets the stock of the whole
			// lot at the location, the pallet's units and any others: it
			// says nothing of how many are the pallet's, and the clamp
			// below applies it.
			continue
		}
		// (An event of a kind this build does not know moves nothing.)
		eff, _ := inventory.EffectOf(ev, inventory.Before{})
		for _, c := range eff.Stock {
			net[k][c.Location] += c.Delta
		}
	}
	out := make([]PalletLine, 0, len(lines))
	for _, l := range lines {
		if len(l.Serials) > 0 {
			if err := serialPlaces(ctx, q, l); err != nil {
				return nil, err
			}
		} else if err := qtyPlaces(ctx, q, l, net[key{l.GTIN, l.Lot}]); err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	return out, nil
}

// serialPlaces finds each received unit in the serial projection.
func serialPlaces(ctx context.Context, q querier, l *PalletLine) error {
	at := map[string]*PalletPlace{}
	for _, s := range l.Serials {
		st, err := serialState(ctx, q, l.GTIN, s)
		if err != nil {
			return err
		}
		if !st.Status.InBuilding() || st.Location == "" {
			continue
		}
		p := at[st.Location]
		if p == nil {
			p = &PalletPlace{Location: st.Location}
			at[st.Location] = p
		}
		p.Qty++
		p.Serials = append(p.Serials, s)
	}
	for _, p := range at {
		l.Places = append(l.Places, *p)
	}
	sort.Slice(l.Places, func(i, j int) bool { return l.Places[i].Location < l.Places[j].Location })
	return nil
}

// qtyPlaces clamps the pallet's net quantity per location to the stock the
// projection holds there.
func qtyPlaces(ctx context.Context, q querier, l *PalletLine, net map[string]int64) error {
	for loc, n := range net {
		if loc == "" || n <= 0 {
			continue
		}
		have, err := stockQty(ctx, q, l.GTIN, l.Lot, loc)
		if err != nil {
			return err
		}
		if have < n {
			n = have
		}
		if n > 0 {
			l.Places = append(l.Places, PalletPlace{Location: loc, Qty: n})
		}
	}
	sort.Slice(l.Places, func(i, j int) bool { return l.Places[i].Location < l.Places[j].Location })
	return nil
}
