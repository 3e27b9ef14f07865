package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// check validates a draft against master data and the current projections
// and returns the event to store (normalised, lot filled from the serial's
// state, flags set). Every refusal is a *RuleError.
func (db *DB) check(ctx context.Context, q querier, d inventory.Event, now time.Time) (inventory.Event, error) {
	ev := inventory.Event{
		Operator: strings.TrimSpace(d.Operator),
		Kind:     d.Kind,
		GTIN:     NormalizeGTIN(d.GTIN),
		Lot:      strings.TrimSpace(d.Lot),
		Serial:   strings.TrimSpace(d.Serial),
		Expiry:   strings.TrimSpace(d.Expiry),
		Qty:      d.Qty,
		From:     strings.TrimSpace(d.From),
		To:       strings.TrimSpace(d.To),
		Doc:      strings.TrimSpace(d.Doc),
		DocLine:  d.DocLine,
		Override: strings.TrimSpace(d.Override),
		Note:     d.Note,
		// Flags the caller set note what the operator confirmed (a value
		// kept whole); the rules below add their own.
		Flags: slices.Clone(d.Flags),
		Raw:   d.Raw,
		SSCC:  strings.TrimSpace(d.SSCC),
	}
	if err := checkShape(&ev); err != nil {
		return ev, err
	}
	p, err := productByGTIN(ctx, q, ev.GTIN)
	if errors.Is(err, ErrNotFound) {
		return ev, ruleErr(ErrUnknownProduct, "unknown product %s: it is not in this terminal's product list (sync, or ask a supervisor)", ev.GTIN)
	}
	if err != nil {
		return ev, err
	}
	for _, loc := range []string{ev.From, ev.To} {
		if loc == "" {
			continue
		}
		if _, err := locationByCode(ctx, q, loc); errors.Is(err, ErrNotFound) {
			return ev, ruleErr(ErrUnknownLocation, "unknown location %s", loc)
		} else if err != nil {
			return ev, err
		}
	}

	var cur *inventory.SerialState
	switch {
	case p.Tracking == inventory.TrackSerial:
		if ev.Serial == "" {
			return ev, ruleErr(ErrSerialRequired, "%s is serialised: scan the unit's serial number", name(p))
		}
		if (ev.Kind == inventory.KindAdjust && ev.Qty != 1 && ev.Qty != -1) || (ev.Kind != inventory.KindAdjust && ev.Qty != 1) {
			return ev, ruleErr(ErrSerialQty, "%s is serialised: one serial is one unit (quantity %d given)", name(p), ev.Qty)
		}
		st, err := serialState(ctx, q, ev.GTIN, ev.Serial)
		if err == nil {
			cur = &st
		} else if !errors.Is(err, ErrNotFound) {
			return ev, err
		}
		if cur != nil && cur.Lot != "" {
			if ev.Lot == "" {
				ev.Lot = cur.Lot
			} else if ev.Lot != cur.Lot && cur.Status.InBuilding() {
				return ev, ruleErr(ErrInvalidEvent, "serial %s belongs to lot %s, not %s", ev.Serial, cur.Lot, ev.Lot)
			}
		}
		if err := checkSerial(&ev, cur); err != nil {
			return ev, err
		}
	case ev.Serial != "":
		return ev, ruleErr(ErrInvalidEvent, "%s is not serialised: do not record a serial number for it", name(p))
	}
	if p.Tracking == inventory.TrackLot && ev.Lot == "" {
		return ev, ruleErr(ErrLotRequired, "%s is lot-tracked: scan or key the lot", name(p))
	}

	var lot *inventory.Lot
	if ev.Lot != "" {
		l, err := lotByKey(ctx, q, ev.GTIN, ev.Lot)
		if err == nil {
			lot = &l
		} else if !errors.Is(err, ErrNotFound) {
			return ev, err
		}
	}
	if ev.Kind == inventory.KindReceive && p.ExpiryRequired && ev.Expiry == "" && (lot == nil || lot.Expiry == "") {
		return ev, ruleErr(ErrExpiryRequired, "%s needs an expiry date at receipt", name(p))
	}
	if ev.Kind == inventory.KindPick || ev.Kind == inventory.KindShip {
		if err := checkLotLeaves(&ev, lot, now); err != nil {
			return ev, err
		}
	}
	if ev.Kind == inventory.KindPick && ev.Doc != "" && ev.DocLine > 0 && ev.Override == "" {
		if err := checkPickLot(ctx, q, &ev); err != nil {
			return ev, err
		}
	}

	b, err := before(ctx, q, &ev, cur)
	if err != nil {
		return ev, err
	}
	eff, err := inventory.EffectOf(ev, b)
	if err != nil {
		return ev, err
	}
	out := eff.Stock
	if eff.Gone {
		// A unit this terminal has no record of in the building (only a
		// unit never seen gets here: checkSerial refuses the others)
		// leaves no place in the projection, as on the hub; the place
		// the operator names must still hold one of its lot.
		out = append(out, inventory.StockChange{Location: leavesFrom(&ev), Lot: ev.Lot, Delta: -ev.Qty})
	}
	for _, c := range out {
		if c.Delta >= 0 {
			continue
		}
		have, err := stockQty(ctx, q, ev.GTIN, c.Lot, c.Location)
		if err != nil {
			return ev, err
		}
		if have+c.Delta >= 0 {
			continue
		}
		if db.opt.NegativeStock != AllowAndFlag {
			return ev, ruleErr(ErrNegativeStock, "not enough stock: %s holds %d of %s%s, %d needed", c.Location, have, name(p), lotSuffix(c.Lot), -c.Delta)
		}
		if !hasFlag(ev.Flags, FlagNegativeStock) {
			ev.Flags = append(ev.Flags, FlagNegativeStock)
		}
	}
	return ev, nil
}

// checkShape checks what every event of a kind must carry.
func checkShape(ev *inventory.Event) error {
	if ev.GTIN == "" {
		return ruleErr(ErrInvalidEvent, "no product: scan the product barcode")
	}
	if ev.Qty > MaxQty || ev.Qty < -MaxQty {
		return ruleErr(ErrInvalidEvent, "quantity %d is more than %d in one action: check the number", ev.Qty, int64(MaxQty))
	}
	if ev.SSCC != "" {
		if err := checkSSCC(ev.SSCC); err != nil {
			return err
		}
	}
	if ev.Expiry != "" {
		if _, err := time.Parse("2006-01-02", ev.Expiry); err != nil {
			return ruleErr(ErrInvalidEvent, "expiry %q is not a date (YYYY-MM-DD)", ev.Expiry)
		}
	}
	// What each kind needs (places, sensible quantities) is the domain's
	// rule, the same the hub's door applies.
	if err := ev.CheckShape(); err != nil {
		return ruleErr(ErrInvalidEvent, "%v", err)
	}
	return nil
}

// checkSerial enforces "a serial is in one place at a time".
func checkSerial(ev *inventory.Event, cur *inventory.SerialState) error {
	if cur == nil {
		return nil // never seen here: stock rules still apply
	}
	entering := ev.Kind == inventory.KindReceive || ev.Kind == inventory.KindReturn || (ev.Kind == inventory.KindAdjust && ev.Qty > 0)
	switch {
	case entering && cur.Status.InBuilding():
		return ruleErr(ErrSerialInStock, "serial %s is already in stock at %s", ev.Serial, cur.Location)
	case ev.Kind == inventory.KindReceive && cur.Status == inventory.SerialShipped:
		return ruleErr(ErrSerialShipped, "serial %s has already shipped: record a return instead", ev.Serial)
	case entering:
		return nil
	case ev.Kind == inventory.KindCount:
		if cur.Status.InBuilding() && cur.Location != ev.To {
			return ruleErr(ErrSerialElsewhere, "serial %s is recorded at %s, not %s: move it first", ev.Serial, cur.Location, ev.To)
		}
		return nil
	}
	from := leavesFrom(ev)
	switch {
	case cur.Status == inventory.SerialShipped:
		return ruleErr(ErrSerialShipped, "serial %s has already shipped", ev.Serial)
	case !cur.Status.InBuilding():
		return ruleErr(ErrSerialNotInStock, "serial %s is %s, not in stock", ev.Serial, cur.Status)
	case cur.Location != from:
		return ruleErr(ErrSerialElsewhere, "serial %s is in stock at %s, not at %s", ev.Serial, cur.Location, from)
	}
	return nil
}

// leavesFrom is the place an event that takes a unit out says it leaves:
// From, or where an adjust takes effect.
func leavesFrom(ev *inventory.Event) string {
	if ev.Kind == inventory.KindAdjust {
		return ev.AdjustLocation()
	}
	return ev.From
}

// checkLotLeaves refuses picking or shipping a lot that may not leave:
// expired (the expiry day itself is still good), quarantined or recalled.
func checkLotLeaves(ev *inventory.Event, lot *inventory.Lot, now time.Time) error {
	if ev.Lot == "" {
		return nil
	}
	expiry := ev.Expiry
	if lot != nil {
		switch lot.Status {
		case inventory.LotRecalled:
			return ruleErr(ErrLotRecalled, "lot %s is recalled: do not %s it, set it aside", ev.Lot, ev.Kind)
		case inventory.LotQuarantine:
			return ruleErr(ErrLotQuarantined, "lot %s is in quarantine: do not %s it", ev.Lot, ev.Kind)
		}
		if lot.Expiry != "" {
			expiry = lot.Expiry
		}
	}
	if today := now.Format("2006-01-02"); expiry != "" && expiry < today {
		return ruleErr(ErrLotExpired, "lot %s expired on %s: do not %s it", ev.Lot, expiry, ev.Kind)
	}
	return nil
}

// checkPickLot enforces the pick list's lot unless the operator gave an
// override reason.
func checkPickLot(ctx context.Context, q querier, ev *inventory.Event) error {
	var body string
	err := q.QueryRowContext(ctx, "SELECT body FROM documents WHERE kind = 'pick' AND id = ?", ev.Doc).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var pl inventory.PickList
	if err := decodeDoc(body, &pl); err != nil {
		return err
	}
	for _, l := range pl.Lines {
		if l.Line == ev.DocLine && l.Lot != "" && l.Lot != ev.Lot {
			return ruleErr(ErrLotOverride, "pick list %s line %d names lot %s, not %s: give an override reason to pick another lot", ev.Doc, l.Line, l.Lot, ev.Lot)
		}
	}
	return nil
}

func name(p inventory.Product) string {
	if p.Name != "" {
		return fmt.Sprintf("%s (%s)", p.Name, p.GTIN)
	}
	return p.GTIN
}

func lotSuffix(lot string) string {
	if lot == "" {
		return ""
	}
	return " lot " + lot
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// checkSSCC accepts an 18-digit SSCC (GS1 AI 00) with a valid check digit:
// a misread pallet label must not file units under another pallet.
func checkSSCC(s string) error {
	if len(s) != 18 {
		return ruleErr(ErrInvalidEvent, "pallet SSCC %q must be 18 digits (%d given): scan the (00) label again", s, len(s))
	}
	for i := 0; i < 17; i++ {
		if c := s[i]; c < '0' || c > '9' {
			return ruleErr(ErrInvalidEvent, "pallet SSCC %q must be digits only: scan the (00) label again", s)
		}
	}
	if want := inventory.CheckDigit(s[:17]); s[17] != want {
		return ruleErr(ErrInvalidEvent, "pallet SSCC %s has a wrong check digit (expected %c): scan the (00) label again", s, want)
	}
	return nil
}

// MaxQty bounds one action's quantity (the hub's bound). Far above any real
// scan, it keeps the stock and document sums inside int64: a mistyped
// 20-digit quantity would otherwise turn them into floating point and make
// every stock read fail.
const MaxQty = inventory.MaxQty
