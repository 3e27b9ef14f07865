package sqlcore

// A device over its life (docs/device-lifecycle.md): its data folder can be
// restored from a backup or copied onto a second handheld, and both go on
// recording events under seqs the hub already holds. The hub keys events
// by (device, seq) and skips seqs it holds, so without the checks below it
// would take a copy's new events for re-sends of old ones and drop them.
//
//   - Divergence: for every pushed seq the hub already holds, the event id
//     must be the one it holds (or recognised, below). A different id
//     refuses the push (nothing is applied, the terminal keeps its queue)
//     and raises device_diverged once per episode. Only a push that
//     disagrees is refused: the copy whose ledger the hub holds goes on,
//     the other copy is refused on every push (its oldest queued seq is
//     one the hub holds otherwise).
//   - Incarnations: enrolling a diverged device again (scanhub device
//     reinstate), or enrolling a copied folder as a new device (scanhub
//     device add), makes the terminal renumber its whole ledger after the
//     seq the hub holds for that name (its seq base) and send it all
//     again. Ids are unique across the site, so the hub recognises what it
//     already holds by id and stores only what it lacks: a new event lands
//     once, an old one is not doubled. A recognised seq is kept in the
//     recognised table so that divergence on it is still seen.
//   - An id the hub holds for an event of other content is an id reused by
//     another event: stored as invalid_event, never applied; the queue
//     continues.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// checkHeld compares held (pushed events whose seq the hub holds) with
// what the hub holds for device at those seqs, stored or recognised, and
// returns the first disagreement (nil when all agree).
func checkHeld(ctx context.Context, q Querier, device string, held []inventory.Event) (*store.DivergedError, error) {
	if len(held) == 0 {
		return nil, nil
	}
	lo, hi := held[0].Seq, held[len(held)-1].Seq
	ids := make(map[int64]string, len(held))
	rows, err := q.Query(ctx, `SELECT seq, id FROM events WHERE device = ? AND seq BETWEEN ? AND ?
		UNION ALL SELECT seq, event_id FROM recognised WHERE device = ? AND seq BETWEEN ? AND ?`, device, lo, hi, device, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("push: compare held seqs %d..%d of %s: %w", lo, hi, device, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			return nil, fmt.Errorf("push: compare held seqs of %s: %w", device, err)
		}
		ids[seq] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("push: compare held seqs of %s: %w", device, err)
	}
	for _, e := range held {
		// A seq with no row at all was skipped by an older hub; nothing to
		// compare it with.
		if id, ok := ids[e.Seq]; ok && id != e.ID {
			return &store.DivergedError{Device: device, Seq: e.Seq, HubID: id, SentID: e.ID}, nil
		}
	}
	return nil, nil
}

// markDiverged records that device diverged and, the first time in this
// episode (until the device enrols again), raises device_diverged.
func (c *Core) markDiverged(ctx context.Context, q Querier, d *store.DivergedError, since int64, now time.Time) error {
	if since != 0 {
		return nil
	}
	if _, err := q.Exec(ctx, `UPDATE devices SET diverged_at = ?, last_seen = ? WHERE name = ?`, nanos(now), nanos(now), d.Device); err != nil {
		return fmt.Errorf("push: mark %s diverged: %w", d.Device, err)
	}
	var v int64
	if err := queryRow(ctx, q, `UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value`, nil, &v); err != nil {
		return fmt.Errorf("push: take a version: %w", err)
	}
	msg := fmt.Sprintf("device %s's ledger diverged at seq %d: the hub holds event %s there, the terminal sent %s "+
		"(its data folder was restored from a backup or copied to another terminal); its pushes are refused and it keeps its queue. "+
		"Restored: scanhub device reinstate %s, then scanterm enroll URL CODE on it. "+
		"A copy on a second terminal: scanhub device add NEWNAME, then scanterm enroll URL CODE on the copy",
		d.Device, d.Seq, d.HubID, d.SentID, d.Device)
	if _, err := q.Exec(ctx, `INSERT INTO exceptions(code, message, event_id, device, seq, other_event, raised_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		"device_diverged", msg, d.SentID, d.Device, d.Seq, d.HubID, nanos(now), v); err != nil {
		return fmt.Errorf("push: raise device_diverged for %s: %w", d.Device, err)
	}
	return nil
}

// heldEvent is what the hub holds under one id: enough to tell the same
// event sent again (by a later incarnation or a copy) from another event
// that reuses the id.
type heldEvent struct {
	device string
	seq    int64
	sig    string
}

// signature is the part of an event that a re-send keeps: everything but
// the device and seq, which a new incarnation changes.
func signature(at, kind, gtin, lot, serial string, qty int64, from, to, doc string, line int64, operator, raw string) string {
	return strings.Join([]string{at, kind, gtin, lot, serial, fmt.Sprint(qty), from, to, doc, fmt.Sprint(line), operator, raw}, "\x1f")
}

func eventSignature(e inventory.Event) string {
	return signature(e.At.Format(time.RFC3339Nano), string(e.Kind), e.GTIN, e.Lot, e.Serial, e.Qty, e.From, e.To, e.Doc, int64(e.DocLine), e.Operator, e.Raw)
}

// sortOut splits new events (seqs past the device's last) into those to
// apply and those the hub already holds by id (recognised). reused names,
// by id, the events whose id the hub holds for another event, with the
// reason they are stored as invalid_event.
func sortOut(ctx context.Context, q Querier, device string, evs []inventory.Event) (fresh, recognised []inventory.Event, reused map[string]string, err error) {
	held := map[string][]heldEvent{}
	// A few ids per statement, all in one round trip: PostgreSQL without
	// statistics on events (a new hub, before autovacuum has analysed it)
	// guesses each id matches 0.5 % of the table, so an IN list of a
	// hundred looked like half of it and was read by a sequential scan on
	// every push (ingest fell from 16-18 k to 2-5 k events/s). Eight ids
	// look like 4 %, which the index serves. (SQLite's planner uses the
	// index for any list, and runs statements one by one: one list.)
	idsPerLookup := chunk
	if _, ok := q.(Pipeliner); ok {
		idsPerLookup = 8
	}
	var stmts []Stmt
	for start := 0; start < len(evs); start += idsPerLookup {
		part := evs[start:min(start+idsPerLookup, len(evs))]
		args := make([]any, len(part))
		for i, e := range part {
			args[i] = e.ID
		}
		stmts = append(stmts, Stmt{What: "look up event ids of " + device,
			Query: `SELECT id, device, seq, at, kind, gtin, lot, serial, qty, from_loc, to_loc, doc, doc_line, operator, raw FROM events WHERE id IN (` +
				strings.TrimSuffix(strings.Repeat("?,", len(part)), ",") + `)`, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var id, dev, at, kind, gtin, lot, serial, from, to, doc, op, raw string
					var seq, qty, line int64
					if err := rows.Scan(&id, &dev, &seq, &at, &kind, &gtin, &lot, &serial, &qty, &from, &to, &doc, &line, &op, &raw); err != nil {
						return err
					}
					held[id] = append(held[id], heldEvent{dev, seq, signature(at, kind, gtin, lot, serial, qty, from, to, doc, line, op, raw)})
				}
				return nil
			}})
	}
	if err := pipeline(ctx, q, stmts); err != nil {
		return nil, nil, nil, fmt.Errorf("push: %w", err)
	}
	for _, e := range evs {
		hs := held[e.ID]
		if len(hs) == 0 {
			fresh = append(fresh, e)
			continue
		}
		sig, same := eventSignature(e), false
		for _, h := range hs {
			same = same || h.sig == sig
		}
		if same {
			recognised = append(recognised, e)
			continue
		}
		if reused == nil {
			reused = map[string]string{}
		}
		reused[e.ID] = fmt.Sprintf("its id is already used by another event (device %s seq %d); event ids are unique across the site", hs[0].device, hs[0].seq)
		fresh = append(fresh, e)
	}
	return fresh, recognised, reused, nil
}

// recogniseStmts remembers recognised seqs and advances the device to
// last, the highest seq of the push.
func recogniseStmts(device string, recognised []inventory.Event, last int64, now time.Time) []Stmt {
	var out []Stmt
	for start := 0; start < len(recognised); start += chunk {
		part := recognised[start:min(start+chunk, len(recognised))]
		args := make([]any, 0, 3*len(part))
		for _, e := range part {
			args = append(args, device, e.Seq, e.ID)
		}
		out = append(out, Stmt{What: "remember recognised seqs", Query: `INSERT INTO recognised(device, seq, event_id) VALUES ` +
			placeholders(len(part), 3) + ` ON CONFLICT (device, seq) DO NOTHING`, Args: args})
	}
	return append(out, Stmt{What: fmt.Sprintf("advance %s to seq %d", device, last),
		Query: `UPDATE devices SET last_seq = ?, last_seen = ? WHERE name = ? AND last_seq < ?`, Args: []any{last, nanos(now), device, last}})
}
