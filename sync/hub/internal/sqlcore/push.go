package sqlcore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// chunk bounds the rows of one multi-row statement (parameter limits).
const chunk = 100

// Push implements store.Store. One transaction: lock the device row (so two
// hub processes pushing the same batch serialise and the second sees the
// first's last_seq), skip what is held, load the projections the batch
// touches, check the rules in memory, then write events, projections,
// exceptions and last_seq together.
func (c *Core) Push(ctx context.Context, device string, events []inventory.Event, now time.Time) (wire.PushResponse, error) {
	var resp wire.PushResponse
	var diverged *store.DivergedError
	err := c.b.Write(ctx, func(q Querier) error {
		resp, diverged = wire.PushResponse{}, nil
		var last, revoked, divergedAt, offset int64
		err := queryRow(ctx, q, `SELECT last_seq, revoked_at, diverged_at, clock_offset FROM devices WHERE name = ?`+c.b.LockSuffix(), []any{device}, &last, &revoked, &divergedAt, &offset)
		if errors.Is(err, errNoRows) {
			return store.ErrUnauthorized
		}
		if err != nil {
			return fmt.Errorf("push: lock device %s: %w", device, err)
		}
		if revoked != 0 {
			return store.ErrRevoked
		}
		resp.AckSeq = last
		i := 0
		for i < len(events) && events[i].Seq <= last {
			i++
		}
		// Seqs the hub holds must be the events it holds (lifecycle.go).
		d, err := checkHeld(ctx, q, device, events[:i])
		if err != nil {
			return err
		}
		if d != nil {
			// Commit the mark and the exception; the push is refused after.
			diverged = d
			return c.markDiverged(ctx, q, d, divergedAt, now)
		}
		rest := events[i:]
		if len(rest) > 0 && rest[0].Seq != last+1 {
			// A gap: apply nothing, say where to resume.
			resp.Expected = last + 1
			return nil
		}
		n := 0
		for n < len(rest) && rest[n].Seq == last+1+int64(n) {
			n++
		}
		apply := rest[:n]
		if len(apply) > 0 {
			// Events the hub holds by id (sent again by a later
			// incarnation or a copy) are not applied twice, also when
			// the copy and the original push the same events at once:
			// the second waits for the first's ids, then finds them.
			ids := make([]string, len(apply))
			for i, e := range apply {
				ids[i] = e.ID
			}
			if err := c.b.LockKeys(ctx, q, ids); err != nil {
				return fmt.Errorf("push: lock event ids of %s: %w", device, err)
			}
			fresh, recognised, reused, err := sortOut(ctx, q, device, apply)
			if err != nil {
				return err
			}
			if len(fresh) > 0 {
				a := &applier{c: c, q: q, device: device, now: now, reused: reused, offset: time.Duration(offset)}
				rej, err := a.run(ctx, fresh)
				if err != nil {
					return err
				}
				resp.Rejected = rej
			}
			resp.AckSeq = apply[len(apply)-1].Seq
			if len(recognised) > 0 {
				if err := pipeline(ctx, q, recogniseStmts(device, recognised, resp.AckSeq, now)); err != nil {
					return fmt.Errorf("push: %w", err)
				}
			}
			return nil // run or recogniseStmts advanced last_seq
		}
		if _, err = q.Exec(ctx, `UPDATE devices SET last_seen = ? WHERE name = ?`, nanos(now), device); err != nil {
			return fmt.Errorf("push: record %s seen: %w", device, err)
		}
		return nil
	})
	if err != nil {
		return wire.PushResponse{}, err
	}
	if diverged != nil {
		return wire.PushResponse{}, diverged
	}
	return resp, nil
}

type stockKey struct{ gtin, lot, loc string }

type stockRow struct {
	qty       int64
	lastEvent string
	dirty     bool
}

type serialKey struct{ gtin, serial string }

// serialRow is one unit's row: where the hub has it (status "" for a
// serial it has not seen) and the event that put it there.
type serialRow struct {
	unit                inventory.Unit
	lastEvent, lastKind string
	dirty               bool
	// loadedLoc is where the unit was before this push (the row's
	// prev_loc once written: see SiteSchema).
	loadedLoc string
}

type lotRow struct {
	lot       inventory.Lot
	updatedAt int64
	created   bool
}

type pendingException struct {
	code, message, eventID, other string
	seq                           int64
}

// applier carries one Push's in-memory view of the projections it touches.
type applier struct {
	c      *Core
	q      Querier
	device string
	now    time.Time
	// reused names, by event id, the events whose id another event holds
	// already, with the reason (see sortOut): stored as invalid_event.
	reused map[string]string
	// offset is the device's clock offset (clock.go): time rules judge
	// an event at its device time minus it.
	offset time.Duration

	stock   map[stockKey]*stockRow
	serials map[serialKey]*serialRow
	// byID finds this push's events by id, for the serial rows' last
	// device, seq and time.
	byID map[string]*inventory.Event
	lots map[string]*lotRow // gtin/lot
	// customers holds the customer of each sales order a recalled lot
	// ships on in this push (see recalledShipDocs).
	customers map[string]string
	// quarantine says, for every location this push's events name that
	// the hub's master data holds, whether it is a quarantine location
	// (a location missing from it is unknown, see checkKnown).
	quarantine map[string]bool
	// docs holds kind/id of the documents this push's events name that
	// the hub's master data holds (see docStmts).
	docs map[string]bool
	// ordered and received hold, for the lines of the documents this
	// push's events count towards, the quantity the document asks for and
	// what every device had done on it before this push; open holds those
	// documents' records while they are open (see docLineStmts).
	ordered, received map[progressKey]int64
	open              map[docRef]string
	exc               []pendingException
	// progress adds up what this push brings to each document line.
	progress map[progressKey]int64
	// shelf holds the products and orders this push's picks and ships
	// of lots name, for the minimum shelf life (see loadShelfLife).
	shelf shelfData
}

type progressKey struct {
	doc  string
	kind inventory.EventKind
	line int
}

// countsTowardDoc says whether an event adds to its document line's
// progress (what the terminal's Received, Picked, Shipped and Returned
// report).
func countsTowardDoc(e inventory.Event) bool {
	switch e.Kind {
	case inventory.KindReceive, inventory.KindPick, inventory.KindShip, inventory.KindReturn:
		return e.Doc != ""
	}
	return false
}

func lotKey(gtin, lot string) string { return gtin + "/" + lot }

func (a *applier) run(ctx context.Context, evs []inventory.Event) ([]wire.Rejection, error) {
	bad := make([]string, len(evs))
	var sks []stockKey
	var serks []serialKey
	var lks []string
	seenS, seenSer, seenL := map[stockKey]bool{}, map[serialKey]bool{}, map[string]bool{}
	for i, e := range evs {
		// The door: an event that can never be true is stored as an
		// invalid_event exception and never touches stock.
		if err := e.Check(); err != nil {
			bad[i] = err.Error()
			continue
		}
		if r := a.reused[e.ID]; r != "" {
			bad[i] = r
			continue
		}
		if e.Serial != "" {
			k := serialKey{e.GTIN, e.Serial}
			if !seenSer[k] {
				seenSer[k] = true
				serks = append(serks, k)
			}
		}
		if e.Lot != "" && !seenL[lotKey(e.GTIN, e.Lot)] {
			seenL[lotKey(e.GTIN, e.Lot)] = true
			lks = append(lks, lotKey(e.GTIN, e.Lot))
		}
	}
	// Ordered so the rows every device shares (stock at a dock, a bin)
	// are locked as late and as briefly as possible: serials, lots, the
	// events themselves and the device's seq first, then lock stock, add
	// up, write it and commit. Statements that do not depend on each
	// other's results go out together (one round trip on PostgreSQL).
	if err := pipeline(ctx, a.q, append(a.serialStmts(serks), a.lotStmts(lks)...)); err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	loads := append(a.customerStmts(a.recalledShipDocs(evs, bad)), a.quarantineStmts(referencedLocations(evs, bad))...)
	loads = append(loads, a.docStmts(referencedDocs(evs, bad))...)
	if err := pipeline(ctx, a.q, append(loads, a.docLineStmts(progressDocs(evs, bad))...)); err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	if err := a.loadShelfLife(ctx, evs, bad); err != nil {
		return nil, err
	}
	serialConflict := make([]bool, len(evs))
	effects := make([]inventory.Effect, len(evs))
	for i, e := range evs {
		if bad[i] != "" {
			a.raise(e, "invalid_event", fmt.Sprintf("event %s (device %s seq %d) is stored but not applied: %s", e.ID, a.device, e.Seq, bad[i]), "")
			continue
		}
		// What an event of a serialised unit does depends on where the
		// hub had the unit just before, so read that first. (A quantity
		// count's depends on the stock it finds: applyStock works it out
		// again then; the place it touches is the same.)
		var before inventory.Before
		if e.Serial != "" {
			before.Unit = a.serials[serialKey{e.GTIN, e.Serial}].unit
		}
		eff, err := inventory.EffectOf(e, before)
		if err != nil {
			return nil, fmt.Errorf("push: event %s: %w", e.ID, err) // validate knows the same kinds
		}
		effects[i] = eff
		for _, c := range eff.Stock {
			if k := (stockKey{e.GTIN, c.Lot, c.Location}); !seenS[k] {
				seenS[k] = true
				sks = append(sks, k)
			}
		}
		a.checkKnown(e)
		serialConflict[i] = a.applyUnit(e, eff.Unit)
		if countsTowardDoc(e) {
			if a.progress == nil {
				a.progress = map[progressKey]int64{}
			}
			k := progressKey{e.Doc, e.Kind, e.DocLine}
			a.checkOverReceipt(e, k, a.progress[k])
			a.progress[k] += e.Qty
		}
	}
	if err := a.writeEvents(ctx, evs); err != nil {
		return nil, err
	}
	last := evs[len(evs)-1].Seq
	var stmts []Stmt
	stmts = append(stmts, Stmt{What: fmt.Sprintf("advance %s to seq %d", a.device, last),
		Query: `UPDATE devices SET last_seq = ?, last_seen = ? WHERE name = ?`, Args: []any{last, nanos(a.now), a.device}})
	stmts = append(stmts, a.stockStmts(sks)...)
	if err := pipeline(ctx, a.q, stmts); err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	for i, e := range evs {
		if bad[i] == "" {
			a.applyStock(e, serialConflict[i], effects[i])
		}
	}
	a.byID = make(map[string]*inventory.Event, len(evs))
	for i := range evs {
		a.byID[evs[i].ID] = &evs[i]
	}
	sort.SliceStable(a.exc, func(i, j int) bool { return a.exc[i].seq < a.exc[j].seq })
	return a.writeVersioned(ctx)
}

func (a *applier) raise(e inventory.Event, code, msg, other string) {
	a.exc = append(a.exc, pendingException{code: code, message: msg, eventID: e.ID, other: other, seq: e.Seq})
}

// sortStockKeys orders keys so concurrent pushes lock shared rows in the
// same order (fewer deadlocks to retry).
func sortStockKeys(keys []stockKey) {
	sort.Slice(keys, func(i, j int) bool {
		x, y := keys[i], keys[j]
		if x.gtin != y.gtin {
			return x.gtin < y.gtin
		}
		if x.lot != y.lot {
			return x.lot < y.lot
		}
		return x.loc < y.loc
	})
}

// stockStmts loads (and, where rows are locked, locks) the stock rows of
// keys into a.stock.
func (a *applier) stockStmts(keys []stockKey) []Stmt {
	a.stock = make(map[stockKey]*stockRow, len(keys))
	sortStockKeys(keys)
	for _, k := range keys {
		a.stock[k] = &stockRow{}
	}
	var out []Stmt
	lock := a.c.b.LockSuffix()
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, 3*len(part))
		for _, k := range part {
			args = append(args, k.gtin, k.lot, k.loc)
		}
		if lock != "" {
			// Lock rows that do not exist yet too: create them first so a
			// concurrent push of another device waits instead of racing.
			out = append(out, Stmt{What: "prepare stock rows", Query: `INSERT INTO stock(gtin, lot, loc, qty, last_event) VALUES ` +
				repeatRow(len(part), "(?, ?, ?, 0, '')") + ` ON CONFLICT (gtin, lot, loc) DO NOTHING`, Args: args})
		}
		out = append(out, Stmt{What: "load stock", Query: `SELECT gtin, lot, loc, qty, last_event FROM stock WHERE (gtin, lot, loc) IN (` +
			placeholders(len(part), 3) + `) ORDER BY gtin, lot, loc` + lock, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var k stockKey
					var r stockRow
					if err := rows.Scan(&k.gtin, &k.lot, &k.loc, &r.qty, &r.lastEvent); err != nil {
						return err
					}
					if p := a.stock[k]; p != nil {
						*p = r
					}
				}
				return nil
			}})
	}
	return out
}

// serialStmts loads (and locks) the serial rows of keys into a.serials.
func (a *applier) serialStmts(keys []serialKey) []Stmt {
	a.serials = make(map[serialKey]*serialRow, len(keys))
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].gtin != keys[j].gtin {
			return keys[i].gtin < keys[j].gtin
		}
		return keys[i].serial < keys[j].serial
	})
	for _, k := range keys {
		a.serials[k] = &serialRow{}
	}
	var out []Stmt
	lock := a.c.b.LockSuffix()
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, 2*len(part))
		for _, k := range part {
			args = append(args, k.gtin, k.serial)
		}
		if lock != "" {
			out = append(out, Stmt{What: "prepare serial rows", Query: `INSERT INTO serials(gtin, serial, lot, status, loc, last_event, last_kind) VALUES ` +
				repeatRow(len(part), "(?, ?, '', '', '', '', '')") + ` ON CONFLICT (gtin, serial) DO NOTHING`, Args: args})
		}
		out = append(out, Stmt{What: "load serials", Query: `SELECT gtin, serial, lot, status, loc, last_event, last_kind FROM serials WHERE (gtin, serial) IN (` +
			placeholders(len(part), 2) + `) ORDER BY gtin, serial` + lock, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var k serialKey
					var r serialRow
					var status string
					if err := rows.Scan(&k.gtin, &k.serial, &r.unit.Lot, &status, &r.unit.Location, &r.lastEvent, &r.lastKind); err != nil {
						return err
					}
					r.unit.Status = inventory.SerialStatus(status)
					r.loadedLoc = r.unit.Location
					if p := a.serials[k]; p != nil {
						*p = r
					}
				}
				return nil
			}})
	}
	return out
}

// lotStmts loads the hub's lot records of keys (gtin/lot) into a.lots.
func (a *applier) lotStmts(keys []string) []Stmt {
	a.lots = make(map[string]*lotRow, len(keys))
	var out []Stmt
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, len(part))
		for _, k := range part {
			args = append(args, k)
		}
		out = append(out, Stmt{What: "load lots", Query: `SELECT body, updated_at FROM master WHERE kind = 'lot' AND key IN (` +
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",") + `)`, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var body string
					var r lotRow
					if err := rows.Scan(&body, &r.updatedAt); err != nil {
						return err
					}
					if err := json.Unmarshal([]byte(body), &r.lot); err != nil {
						return fmt.Errorf("lot record %q: %w", body, err)
					}
					a.lots[lotKey(r.lot.GTIN, r.lot.Lot)] = &r
				}
				return nil
			}})
	}
	return out
}

const eventCols = `id, device, seq, operator, at, kind, gtin, lot, serial, expiry, qty, from_loc, to_loc, doc, doc_line, override, note, flags, raw, received_at, sscc, hub_at`

var eventColList = strings.Split(strings.ReplaceAll(eventCols, " ", ""), ",")

func (a *applier) eventRow(e inventory.Event) []any {
	flags := ""
	if len(e.Flags) > 0 {
		b, _ := json.Marshal(e.Flags)
		flags = string(b)
	}
	return []any{e.ID, a.device, e.Seq, e.Operator, e.At.Format(time.RFC3339Nano), string(e.Kind), e.GTIN, e.Lot, e.Serial,
		e.Expiry, e.Qty, e.From, e.To, e.Doc, int64(e.DocLine), e.Override, e.Note, flags, e.Raw, nanos(a.now), e.SSCC, a.correctedAt(e).Format(time.RFC3339Nano)}
}

func (a *applier) writeEvents(ctx context.Context, evs []inventory.Event) error {
	// The device row is locked and only seqs past last_seq get here, so
	// a bulk load cannot meet a duplicate.
	if cp, ok := a.q.(Copier); ok {
		rows := make([][]any, len(evs))
		for i, e := range evs {
			rows[i] = a.eventRow(e)
		}
		if _, err := cp.CopyFrom(ctx, "events", eventColList, rows); err != nil {
			return fmt.Errorf("push: store events %d..%d of %s: %w", evs[0].Seq, evs[len(evs)-1].Seq, a.device, err)
		}
		return nil
	}
	for start := 0; start < len(evs); start += chunk {
		part := evs[start:min(start+chunk, len(evs))]
		args := make([]any, 0, len(eventColList)*len(part))
		for _, e := range part {
			args = append(args, a.eventRow(e)...)
		}
		if _, err := a.q.Exec(ctx, `INSERT INTO events(`+eventCols+`) VALUES `+placeholders(len(part), len(eventColList)), args...); err != nil {
			return fmt.Errorf("push: store events %d..%d of %s: %w", part[0].Seq, part[len(part)-1].Seq, a.device, err)
		}
	}
	return nil
}

// writeStockStmts writes the changed stock rows, each with the next
// version after *v (so terminals pull them in order).
func (a *applier) writeStockStmts(sk []stockKey, v *int64) []Stmt {
	var out []Stmt
	for start := 0; start < len(sk); start += chunk {
		part := sk[start:min(start+chunk, len(sk))]
		args := make([]any, 0, 6*len(part))
		for _, k := range part {
			r := a.stock[k]
			*v++
			args = append(args, k.gtin, k.lot, k.loc, r.qty, r.lastEvent, *v)
		}
		out = append(out, Stmt{What: "write stock", Query: `INSERT INTO stock(gtin, lot, loc, qty, last_event, version) VALUES ` + placeholders(len(part), 6) +
			` ON CONFLICT (gtin, lot, loc) DO UPDATE SET qty = excluded.qty, last_event = excluded.last_event, version = excluded.version`, Args: args})
	}
	return out
}

// writeSerialStmts writes the changed serial rows, each with the next
// version after *v, where the unit was before this push and the device,
// seq and time of the event that last changed it.
func (a *applier) writeSerialStmts(serk []serialKey, v *int64) []Stmt {
	var out []Stmt
	for start := 0; start < len(serk); start += chunk {
		part := serk[start:min(start+chunk, len(serk))]
		args := make([]any, 0, 13*len(part))
		for _, k := range part {
			r := a.serials[k]
			*v++
			var seq int64
			at, doc := "", ""
			if e := a.byID[r.lastEvent]; e != nil {
				seq, at, doc = e.Seq, e.At.Format(time.RFC3339Nano), e.Doc
			}
			args = append(args, k.gtin, k.serial, r.unit.Lot, string(r.unit.Status), r.unit.Location, r.lastEvent, r.lastKind, *v, r.loadedLoc, a.device, seq, at, doc)
		}
		out = append(out, Stmt{What: "write serials", Query: `INSERT INTO serials(gtin, serial, lot, status, loc, last_event, last_kind, version, prev_loc, last_device, last_seq, last_at, last_doc) VALUES ` +
			placeholders(len(part), 13) + ` ON CONFLICT (gtin, serial) DO UPDATE SET lot = excluded.lot, status = excluded.status, loc = excluded.loc,
				last_event = excluded.last_event, last_kind = excluded.last_kind, version = excluded.version, prev_loc = excluded.prev_loc,
				last_device = excluded.last_device, last_seq = excluded.last_seq, last_at = excluded.last_at, last_doc = excluded.last_doc`, Args: args})
	}
	return out
}

// writeVersioned stores the changed serial and stock rows, new lots,
// document progress and the exceptions raised, each with a version from
// one range taken from the counter (as late in the transaction as
// possible: every push that takes versions waits for the counter row).
func (a *applier) writeVersioned(ctx context.Context) ([]wire.Rejection, error) {
	var serk []serialKey
	for k, r := range a.serials {
		if r.dirty {
			serk = append(serk, k)
		}
	}
	sort.Slice(serk, func(i, j int) bool {
		if serk[i].gtin != serk[j].gtin {
			return serk[i].gtin < serk[j].gtin
		}
		return serk[i].serial < serk[j].serial
	})
	var sk []stockKey
	for k, r := range a.stock {
		if r.dirty {
			sk = append(sk, k)
		}
	}
	sortStockKeys(sk)
	var newLots []*lotRow
	for _, r := range a.lots {
		if r.created {
			newLots = append(newLots, r)
		}
	}
	prog := make([]progressKey, 0, len(a.progress))
	for k := range a.progress {
		prog = append(prog, k)
	}
	sort.Slice(prog, func(i, j int) bool {
		x, y := prog[i], prog[j]
		if x.doc != y.doc {
			return x.doc < y.doc
		}
		if x.kind != y.kind {
			return x.kind < y.kind
		}
		return x.line < y.line
	})
	done, err := a.finished()
	if err != nil {
		return nil, err
	}
	n := len(serk) + len(sk) + len(newLots) + len(prog) + len(a.exc) + len(done)
	if n == 0 {
		return nil, nil
	}
	var top int64
	if err := queryRow(ctx, a.q, `UPDATE counters SET value = value + ? WHERE name = 'version' RETURNING value`, []any{int64(n)}, &top); err != nil {
		return nil, fmt.Errorf("push: take versions: %w", err)
	}
	v := top - int64(n)
	if err := pipeline(ctx, a.q, append(a.writeSerialStmts(serk, &v), a.writeStockStmts(sk, &v)...)); err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	sort.Slice(newLots, func(i, j int) bool {
		return lotKey(newLots[i].lot.GTIN, newLots[i].lot.Lot) < lotKey(newLots[j].lot.GTIN, newLots[j].lot.Lot)
	})
	for _, r := range newLots {
		v++
		body, _ := json.Marshal(r.lot)
		if _, err := a.q.Exec(ctx, `INSERT INTO master(kind, key, body, version, updated_at) VALUES ('lot', ?, ?, ?, ?) ON CONFLICT (kind, key) DO NOTHING`,
			lotKey(r.lot.GTIN, r.lot.Lot), string(body), v, nanos(a.now)); err != nil {
			return nil, fmt.Errorf("push: record lot %s: %w", r.lot.Lot, err)
		}
	}
	for start := 0; start < len(prog); start += chunk {
		part := prog[start:min(start+chunk, len(prog))]
		args := make([]any, 0, 6*len(part))
		for _, k := range part {
			v++
			args = append(args, k.doc, string(k.kind), int64(k.line), a.device, a.progress[k], v)
		}
		// The device row is locked, so no other push adds to these rows
		// (they are this device's) meanwhile.
		if _, err := a.q.Exec(ctx, `INSERT INTO doc_progress(doc, kind, doc_line, device, qty, version) VALUES `+placeholders(len(part), 6)+
			` ON CONFLICT (doc, kind, doc_line, device) DO UPDATE SET qty = doc_progress.qty + excluded.qty, version = excluded.version`, args...); err != nil {
			return nil, fmt.Errorf("push: record document progress: %w", err)
		}
	}
	if err := a.closeDocs(ctx, done, &v); err != nil {
		return nil, err
	}
	rej := make([]wire.Rejection, 0, len(a.exc))
	for start := 0; start < len(a.exc); start += chunk {
		part := a.exc[start:min(start+chunk, len(a.exc))]
		args := make([]any, 0, 8*len(part))
		for _, x := range part {
			v++
			args = append(args, x.code, x.message, x.eventID, a.device, x.seq, x.other, nanos(a.now), v)
		}
		rows, err := a.q.Query(ctx, `INSERT INTO exceptions(code, message, event_id, device, seq, other_event, raised_at, version) VALUES `+
			placeholders(len(part), 8)+` RETURNING id, seq, code`, args...)
		if err != nil {
			return nil, fmt.Errorf("push: raise exceptions: %w", err)
		}
		// One event raises at most one exception of a code, so (seq,
		// code) names the row whatever order RETURNING uses.
		ids := map[string]int64{}
		for rows.Next() {
			var id, seq int64
			var code string
			if err := rows.Scan(&id, &seq, &code); err != nil {
				rows.Close()
				return nil, fmt.Errorf("push: raise exceptions: %w", err)
			}
			ids[fmt.Sprint(seq, "/", code)] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("push: raise exceptions: %w", err)
		}
		for _, x := range part {
			rej = append(rej, wire.Rejection{Seq: x.seq, Exception: ids[fmt.Sprint(x.seq, "/", x.code)], Code: x.code, Message: x.message})
		}
	}
	return rej, nil
}
