package flow

import (
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Minimum remaining shelf life: a product, or the customer of the order a
// pick or ship is for, may require lots to have so many days left before
// they expire (inventory.ShelfLifeShort is the rule, the hub applies it
// again). A lot with less is refused at pick and ship, naming the date it
// falls short of and the FEFO lot that qualifies. Nobody can overrule it
// at the terminal: the customer would refuse the delivery.

// shelfRule is the minimum that applies to one product on one order.
type shelfRule struct {
	days int
	who  string // whose rule it is, for the message: "Hospital", "SAL500"
}

// shelfRuleFor reads the minimum for gtin on sales order so ("" = no
// order known): the stricter of the product's and the customer's.
func shelfRuleFor(cat Catalog, gtin, so string) shelfRule {
	p, _ := cat.Product(gtin)
	var o inventory.SalesOrder
	if so != "" {
		o, _ = cat.SalesOrder(so)
	}
	r := shelfRule{days: inventory.ShelfLifeDays(p, o)}
	switch {
	case r.days == 0:
	case o.MinShelfLifeDays == r.days && o.Customer != "":
		r.who = o.Customer
	case o.MinShelfLifeDays == r.days:
		r.who = o.ID
	default:
		r.who = short(p)
	}
	return r
}

// shortLot reports whether a lot expiring on expiry (the label's, else
// the lot record's) is short of the rule on today, and the earliest
// expiry that would do.
func shortLot(cat Catalog, r shelfRule, gtin, lot, expiry, today string) (exp, need string, short bool) {
	if r.days <= 0 {
		return "", "", false
	}
	if expiry == "" && lot != "" {
		if l, ok := knownLot(cat, gtin, lot); ok {
			expiry = l.Expiry
		}
	}
	need, short = inventory.ShelfLifeShort(expiry, today, r.days)
	return expiry, need, short
}

// shelfLifeBlock refuses a lot with less remaining shelf life than the
// order and product require, naming the date it falls short of and the
// first FEFO lot that qualifies (skipping the place skip, a pick's drop).
func shelfLifeBlock(s State, cat Catalog, in Input, so, lot, expiry, skip string) Verdict {
	today := s.today(in)
	r := shelfRuleFor(cat, s.item.GTIN, so)
	exp, need, short := shortLot(cat, r, s.item.GTIN, lot, expiry, today)
	if !short {
		return Verdict{}
	}
	v := errorf("Lot %s expires %s: %s needs %s or later (%d days)", lotName(lot), exp, r.who, need, r.days)
	if f, ok := qualifyingLot(s, cat, in, r, lot, skip); ok {
		v.Reason += fmt.Sprintf(": take lot %s at %s (exp %s)", f.Lot, f.Location, f.Expiry)
	} else {
		v.Reason += ": no lot in stock qualifies, tell a supervisor"
	}
	return v
}

// qualifyingLot is the first FEFO lot of the item in hand, other than
// lot, that may be picked and has the shelf life r asks for.
func qualifyingLot(s State, cat Catalog, in Input, r shelfRule, lot, skip string) (inventory.FEFOCandidate, bool) {
	t := s.ctx.Today
	if !in.At.IsZero() {
		t = in.At
	}
	today := ""
	if !t.IsZero() {
		today = t.Format(time.DateOnly)
	}
	cands, err := cat.FEFO(s.item.GTIN, t)
	if err != nil {
		return inventory.FEFOCandidate{}, false
	}
	for _, c := range cands {
		if c.Lot == "" || c.Lot == lot || c.Qty <= 0 || c.Location == skip {
			continue
		}
		if c.Expiry != "" && today != "" && c.Expiry < today {
			continue
		}
		if _, _, short := shortLot(cat, r, s.item.GTIN, c.Lot, c.Expiry, today); short {
			continue
		}
		return c, true
	}
	return inventory.FEFOCandidate{}, false
}

// lotName is a lot for a message; a serial without a lot has none.
func lotName(lot string) string {
	if lot == "" {
		return "(none)"
	}
	return lot
}

// salesOrder is the order the open pick list is for ("" when unknown).
func (pk *picking) salesOrder(cat Catalog) string {
	if pl, err := cat.PickList(pk.doc); err == nil {
		return pl.SalesOrder
	}
	return ""
}

// shortForOrder reports whether a lot of gtin is short of the shelf life
// the pick list's order asks for.
func (pk *picking) shortForOrder(cat Catalog, gtin, lot, expiry, today string) bool {
	_, _, short := shortLot(cat, shelfRuleFor(cat, gtin, pk.salesOrder(cat)), gtin, lot, expiry, today)
	return short
}
