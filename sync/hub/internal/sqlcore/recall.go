package sqlcore

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// recalledShipDocs lists the documents of the valid ship events in evs
// that take out a lot the hub has recalled, quarantined or seen expire
// (a.lots loaded): the sales orders whose customer the exception must
// name, so the supervisor knows whom to call. Usually none, so usually no
// extra query.
func (a *applier) recalledShipDocs(evs []inventory.Event, bad []string) []string {
	seen := map[string]bool{}
	var out []string
	for i, e := range evs {
		if bad[i] != "" || e.Kind != inventory.KindShip || e.Lot == "" || e.Doc == "" || seen[e.Doc] {
			continue
		}
		if lr := a.lots[lotKey(e.GTIN, e.Lot)]; (lr != nil && lr.lot.Status != inventory.LotReleased) || expiredOn(e, lr, a.correctedAt(e)) {
			seen[e.Doc] = true
			out = append(out, e.Doc)
		}
	}
	return out
}

// quarantineStmts loads, for each of the locations codes the hub's master
// data holds, whether it is a quarantine location into a.quarantine.
func (a *applier) quarantineStmts(codes []string) []Stmt {
	a.quarantine = make(map[string]bool, len(codes))
	return masterStmts("locations", kLocation, codes, "", func(key, body string) error {
		var l inventory.Location
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			return fmt.Errorf("location %s record: %w", key, err)
		}
		a.quarantine[key] = l.Kind == inventory.LocQuarantine
		return nil
	})
}

// customerStmts loads the customers of the sales orders docs into
// a.customers (order id -> customer); an id with no sales order stays out.
func (a *applier) customerStmts(docs []string) []Stmt {
	a.customers = make(map[string]string, len(docs))
	return masterStmts("sales orders", kSO, docs, "", func(key, body string) error {
		var so inventory.SalesOrder
		if err := json.Unmarshal([]byte(body), &so); err != nil {
			return fmt.Errorf("sales order %s record: %w", key, err)
		}
		a.customers[key] = so.Customer
		return nil
	})
}

// masterStmts reads the master records of one kind with the given keys,
// chunk keys per statement, and hands each (key, body) to each; a key with
// no record is skipped. lock is "" or the backend's row-lock suffix, to
// lock the records read (in key order, so concurrent pushes queue).
func masterStmts(what, kind string, keys []string, lock string, each func(key, body string) error) []Stmt {
	var out []Stmt
	inChunks(keys, func(in string, args []any) {
		out = append(out, Stmt{What: "load " + what, Query: `SELECT key, body FROM master WHERE kind = '` + kind + `' AND key IN (` +
			in + `) ORDER BY key` + lock, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var key, body string
					if err := rows.Scan(&key, &body); err != nil {
						return err
					}
					if err := each(key, body); err != nil {
						return err
					}
				}
				return nil
			}})
	})
	return out
}

// inChunks calls fn for each run of at most chunk keys with the
// placeholder list "?,?,…" for an IN clause and the keys as arguments.
func inChunks(keys []string, fn func(in string, args []any)) {
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, len(part))
		for _, k := range part {
			args = append(args, k)
		}
		fn(strings.TrimSuffix(strings.Repeat("?,", len(part)), ","), args)
	}
}

// recalledMoveMessage says what an event did with a recalled lot. A ship
// names where the units went (customer and sales order): that is the call
// the supervisor has to make. Anything else moved the lot inside the
// building.
func (a *applier) recalledMoveMessage(e inventory.Event, recalledAt time.Time) string {
	who := fmt.Sprintf("event %s (%s by %s seq %d, device clock %s)", e.ID, e.Kind, a.device, e.Seq, e.At.UTC().Format(time.RFC3339))
	at := recalledAt.Format(time.RFC3339)
	if e.Kind != inventory.KindShip {
		return fmt.Sprintf("%s moves lot %s of %s, recalled at the hub %s", who, e.Lot, e.GTIN, at)
	}
	return fmt.Sprintf("%s ships recalled lot %s of %s to %s: %s, recalled at the hub %s", who, e.Lot, e.GTIN, a.shipTo(e), unitsOf(e.Qty), at)
}

// shipTo names where a ship sent its units: the customer of its sales
// order when the hub knows it.
func (a *applier) shipTo(e inventory.Event) string {
	if e.Doc == "" {
		return "an unknown customer (the ship names no sales order)"
	}
	c, ok := a.customers[e.Doc]
	switch {
	case ok && c != "":
		return c + " (" + e.Doc + ")"
	case ok:
		return "the customer of " + e.Doc + " (the sales order names none)"
	}
	return "an unknown customer (" + e.Doc + ", no such sales order on the hub)"
}

func unitsOf(n int64) string {
	if n == 1 {
		return "1 unit"
	}
	return fmt.Sprintf("%d units", n)
}

// outWord is "picked" or "shipped", for exception codes.
func outWord(k inventory.EventKind) string {
	if k == inventory.KindShip {
		return "shipped"
	}
	return "picked"
}

// lotExpiry is the lot's expiry as the hub records it, else as the event
// carries it (YYYY-MM-DD), "" when neither says.
func lotExpiry(e inventory.Event, lr *lotRow) string {
	if lr != nil && lr.lot.Expiry != "" {
		return lr.lot.Expiry
	}
	return e.Expiry
}

// expiredOn reports whether a pick or ship took out a lot after its
// expiry date, judged by the event's own date corrected for the device's
// clock offset (at, UTC; see clock.go): a unit picked on 1 December from a
// lot that expired on 30 November broke the rule whenever the event
// reaches the hub, and a handheld whose clock is a day slow does not
// hide it.
func expiredOn(e inventory.Event, lr *lotRow, at time.Time) bool {
	if e.Kind != inventory.KindPick && e.Kind != inventory.KindShip {
		return false
	}
	exp := lotExpiry(e, lr)
	if len(exp) != len("2006-01-02") || at.IsZero() {
		return false
	}
	return at.UTC().Format("2006-01-02") > exp
}

// quarantinedMoveMessage says where an event moved a quarantined lot.
func (a *applier) quarantinedMoveMessage(e inventory.Event) string {
	return fmt.Sprintf("event %s (%s by %s seq %d) moves lot %s of %s (%s) to %s, which is not a quarantine location; the lot is in quarantine at the hub",
		e.ID, e.Kind, a.device, e.Seq, e.Lot, e.GTIN, unitsOf(e.Qty), e.To)
}

// blockedOutMessage says which pick or ship took out a lot the hub holds
// as not pickable, and for a ship where the units went.
func (a *applier) blockedOutMessage(e inventory.Event, why string) string {
	who := fmt.Sprintf("event %s (%s by %s seq %d, device clock %s)", e.ID, e.Kind, a.device, e.Seq, e.At.UTC().Format(time.RFC3339))
	if e.Kind != inventory.KindShip {
		return fmt.Sprintf("%s picks lot %s of %s (%s), which %s", who, e.Lot, e.GTIN, unitsOf(e.Qty), why)
	}
	return fmt.Sprintf("%s ships lot %s of %s to %s: %s; the lot %s", who, e.Lot, e.GTIN, a.shipTo(e), unitsOf(e.Qty), why)
}
