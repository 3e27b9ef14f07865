package localdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Append records one confirmed action. The caller sets Kind, Operator,
// GTIN, Lot, Serial, Expiry, Qty, From, To, Doc, DocLine, Override, Note,
// Flags, Raw and SSCC; Append checks the rules, fills ID (UUIDv7), Device,
// Seq (gapless) and At, adds the Flags of its own rules, and writes the event, its projections and its outbox row in
// one transaction. It returns the stored event only after the commit is on
// disk. A rule refusal is a *RuleError (test with errors.Is against the
// Err… sentinels); nothing is written then.
func (db *DB) Append(ctx context.Context, draft inventory.Event) (inventory.Event, error) {
	evs, err := db.appendAll(ctx, []inventory.Event{draft})
	if err != nil {
		return inventory.Event{}, err
	}
	return evs[0], nil
}

// AppendBatch records several actions atomically (for example every unit of
// a serial workflow step): all of them or none. Later drafts see the effect
// of earlier ones. A refusal names the failing action's position.
func (db *DB) AppendBatch(ctx context.Context, drafts []inventory.Event) ([]inventory.Event, error) {
	if len(drafts) == 0 {
		return nil, nil
	}
	return db.appendAll(ctx, drafts)
}

func (db *DB) appendAll(ctx context.Context, drafts []inventory.Event) (_ []inventory.Event, err error) {
	if err := db.Damage(); err != nil {
		return nil, err
	}
	defer func() { err = db.noteDamage(err) }()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.fileErr("append to", err)
	}
	defer tx.Rollback()
	device, err := getMeta(ctx, tx, "device")
	if err != nil {
		return nil, fmt.Errorf("append: %w", err)
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&seq); err != nil {
		return nil, db.fileErr("append to", err)
	}
	out := make([]inventory.Event, 0, len(drafts))
	for i, d := range drafts {
		seq++
		ev, err := db.appendOne(ctx, tx, d, device, seq)
		if err != nil {
			if len(drafts) > 1 {
				var re *RuleError
				if errors.As(err, &re) {
					return nil, &RuleError{Code: re.Code, Message: fmt.Sprintf("unit %d of %d: %s", i+1, len(drafts), re.Message)}
				}
				return nil, fmt.Errorf("action %d of %d: %w", i+1, len(drafts), err)
			}
			return nil, err
		}
		out = append(out, ev)
	}
	if err := tx.Commit(); err != nil {
		return nil, db.fileErr("commit to", err)
	}
	return out, nil
}

// appendOne checks one draft against the rules and the current state
// inside tx, then stores it and updates projections and the outbox.
func (db *DB) appendOne(ctx context.Context, tx querier, d inventory.Event, device string, seq int64) (inventory.Event, error) {
	now := db.opt.Now()
	today := now // the date rules judge by: corrected for a clock known to be off
	if db.opt.ClockOffset != nil {
		today = now.Add(-db.opt.ClockOffset())
	}
	ev, err := db.check(ctx, tx, d, today)
	if err != nil {
		return inventory.Event{}, err
	}
	id, err := newUUIDv7(now)
	if err != nil {
		return inventory.Event{}, fmt.Errorf("append: event id: %w", err)
	}
	ev.ID, ev.Device, ev.Seq = id, device, seq
	ev.At = time.Unix(0, now.UnixNano()).UTC()
	// The hub's door: what it would never apply is never recorded here
	// (a lot of 21 characters, a location with a space, a note with a
	// control character).
	if err := ev.Check(); err != nil {
		return inventory.Event{}, ruleErr(ErrInvalidEvent, "%v", err)
	}
	if err := insertEvent(ctx, tx, &ev); err != nil {
		return inventory.Event{}, db.fileErr("append to", err)
	}
	if db.failAt == "event" {
		return inventory.Event{}, errors.New("append: interrupted after the event row (test)")
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox (seq, queued_at) VALUES (?, ?)", seq, now.UnixNano()); err != nil {
		return inventory.Event{}, db.fileErr("queue event in", err)
	}
	if db.failAt == "outbox" {
		return inventory.Event{}, errors.New("append: interrupted after the outbox row (test)")
	}
	if err := project(ctx, tx, &ev); err != nil {
		return inventory.Event{}, fmt.Errorf("append: %w", err)
	}
	if db.failAt == "projection" {
		return inventory.Event{}, errors.New("append: interrupted after the projections (test)")
	}
	return ev, nil
}

func insertEvent(ctx context.Context, q querier, ev *inventory.Event) error {
	_, err := q.ExecContext(ctx, `INSERT INTO events (seq, id, operator, at, kind, gtin, lot, serial, expiry, qty,
		from_loc, to_loc, doc, doc_line, override, note, flags, raw, sscc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		ev.Seq, ev.ID, ev.Operator, ev.At.UnixNano(), string(ev.Kind), ev.GTIN, ev.Lot, ev.Serial, ev.Expiry, ev.Qty,
		ev.From, ev.To, ev.Doc, ev.DocLine, ev.Override, ev.Note, strings.Join(ev.Flags, ","), ev.Raw, ev.SSCC)
	return err
}

// NormalizeGTIN left-pads an 8, 12 or 13 digit GTIN to 14 digits; other
// input is returned trimmed and unchanged (and will not match a product).
func NormalizeGTIN(s string) string {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r < '0' || r > '9' {
			return s
		}
	}
	switch len(s) {
	case 8, 12, 13:
		return strings.Repeat("0", 14-len(s)) + s
	}
	return s
}
