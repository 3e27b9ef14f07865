package sqlcore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// Master data kinds as stored in the master table.
const (
	kOperator = "operator"
	kProduct  = "product"
	kLocation = "location"
	kLot      = "lot"
	kPO       = "purchase_order"
	kPick     = "pick_list"
	kSO       = "sales_order"
	kReturn   = "return"
	kReason   = "reason" // override reason codes
)

type record struct {
	kind, key string
	value     any // a wire value with Version zero
}

func records(b store.Batch) []record {
	var out []record
	for _, o := range b.Operators {
		o.Version = 0
		out = append(out, record{kOperator, o.ID, o})
	}
	for _, p := range b.Products {
		p.Version = 0
		out = append(out, record{kProduct, p.GTIN, p})
	}
	for _, l := range b.Locations {
		l.Version = 0
		out = append(out, record{kLocation, l.Code, l})
	}
	for _, l := range b.Lots {
		l.Version = 0
		out = append(out, record{kLot, lotKey(l.GTIN, l.Lot), l})
	}
	for _, d := range b.PurchaseOrders {
		d.Version = 0
		out = append(out, record{kPO, d.ID, d})
	}
	for _, d := range b.PickLists {
		d.Version = 0
		out = append(out, record{kPick, d.ID, d})
	}
	for _, d := range b.SalesOrders {
		d.Version = 0
		out = append(out, record{kSO, d.ID, d})
	}
	for _, d := range b.Returns {
		d.Version = 0
		out = append(out, record{kReturn, d.ID, d})
	}
	for _, r := range b.Reasons {
		r.Version = 0
		out = append(out, record{kReason, r.Code, r})
	}
	return out
}

// Import implements store.Store: one transaction, a new version only for
// records whose content changed.
func (c *Core) Import(ctx context.Context, b store.Batch, now time.Time) (store.ImportResult, error) {
	var res store.ImportResult
	recs := records(b)
	err := c.b.Write(ctx, func(q Querier) error {
		res = store.ImportResult{}
		for _, r := range recs {
			body, err := json.Marshal(r.value)
			if err != nil {
				return fmt.Errorf("import %s %s: %w", r.kind, r.key, err)
			}
			var old string
			err = queryRow(ctx, q, `SELECT body FROM master WHERE kind = ? AND key = ?`, []any{r.kind, r.key}, &old)
			switch {
			case err == nil && old == string(body):
				res.Unchanged++
				continue
			case err == nil:
				res.Updated++
			case errors.Is(err, errNoRows):
				res.Inserted++
			default:
				return fmt.Errorf("import %s %s: %w", r.kind, r.key, err)
			}
			if err := c.putMaster(ctx, q, r.kind, r.key, body, now); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func (c *Core) putMaster(ctx context.Context, q Querier, kind, key string, body []byte, now time.Time) error {
	v, err := nextVersion(ctx, q)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO master(kind, key, body, version, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, key) DO UPDATE SET body = excluded.body, version = excluded.version, updated_at = excluded.updated_at`,
		kind, key, string(body), v, nanos(now))
	if err != nil {
		return fmt.Errorf("store %s %s: %w", kind, key, err)
	}
	return nil
}

// SetLotStatus implements store.Store.
func (c *Core) SetLotStatus(ctx context.Context, gtin, lot string, status inventory.LotStatus, now time.Time) (inventory.Lot, error) {
	var out inventory.Lot
	err := c.b.Write(ctx, func(q Querier) error {
		var err error
		out, _, err = c.setLotStatus(ctx, q, gtin, lot, status, now)
		return err
	})
	return out, err
}

// ChangeLotStatus implements store.Store.
func (c *Core) ChangeLotStatus(ctx context.Context, gtin, lot string, status inventory.LotStatus, create bool, now time.Time) (inventory.Lot, bool, error) {
	var out inventory.Lot
	var created bool
	err := c.b.Write(ctx, func(q Querier) error {
		var one int
		err := queryRow(ctx, q, `SELECT 1 FROM master WHERE kind = 'product' AND key = ?`, []any{gtin}, &one)
		switch {
		case errors.Is(err, errNoRows):
			return fmt.Errorf("product %s: %w", gtin, store.ErrUnknownProduct)
		case err != nil:
			return fmt.Errorf("product %s: %w", gtin, err)
		}
		if !create {
			// A lot the hub received but has no record of yet (events
			// from before lot records were kept) is known all the same.
			err := queryRow(ctx, q, `SELECT 1 FROM master WHERE kind = 'lot' AND key = ?
				UNION ALL SELECT 1 FROM events WHERE lot = ? AND gtin = ? LIMIT 1`, []any{lotKey(gtin, lot), lot, gtin}, &one)
			switch {
			case errors.Is(err, errNoRows):
				return fmt.Errorf("lot %s of %s: %w", lot, gtin, store.ErrUnknownLot)
			case err != nil:
				return fmt.Errorf("lot %s of %s: %w", lot, gtin, err)
			}
		}
		out, created, err = c.setLotStatus(ctx, q, gtin, lot, status, now)
		return err
	})
	return out, created, err
}

// setLotStatus writes a lot's status inside a write transaction; created
// reports that the hub had no record of the lot.
func (c *Core) setLotStatus(ctx context.Context, q Querier, gtin, lot string, status inventory.LotStatus, now time.Time) (inventory.Lot, bool, error) {
	out := inventory.Lot{GTIN: gtin, Lot: lot}
	created := false
	var body string
	var v int64
	err := queryRow(ctx, q, `SELECT body, version FROM master WHERE kind = 'lot' AND key = ?`+c.b.LockSuffix(), []any{lotKey(gtin, lot)}, &body, &v)
	switch {
	case errors.Is(err, errNoRows):
		created = true
	case err != nil:
		return out, false, fmt.Errorf("lot %s: %w", lot, err)
	default:
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			return out, false, fmt.Errorf("lot %s record: %w", lot, err)
		}
		if out.Status == status {
			out.Version = v
			return out, false, nil
		}
	}
	out.Status = status
	out.Version = 0
	b, _ := json.Marshal(out)
	if err := c.putMaster(ctx, q, kLot, lotKey(gtin, lot), b, now); err != nil {
		return out, false, err
	}
	err = queryRow(ctx, q, `SELECT version FROM master WHERE kind = 'lot' AND key = ?`, []any{lotKey(gtin, lot)}, &out.Version)
	return out, created, err
}

// addMaster decodes one master row into the batch or changes.
func addMaster(ch *wire.Changes, kind string, body []byte, version int64) error {
	var err error
	switch kind {
	case kOperator:
		var x inventory.Operator
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Operators = append(ch.Operators, x)
		}
	case kProduct:
		var x inventory.Product
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Products = append(ch.Products, x)
		}
	case kLocation:
		var x inventory.Location
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Locations = append(ch.Locations, x)
		}
	case kLot:
		var x inventory.Lot
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Lots = append(ch.Lots, x)
		}
	case kPO:
		var x inventory.PurchaseOrder
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.PurchaseOrders = append(ch.PurchaseOrders, x)
		}
	case kPick:
		var x inventory.PickList
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.PickLists = append(ch.PickLists, x)
		}
	case kSO:
		var x inventory.SalesOrder
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.SalesOrders = append(ch.SalesOrders, x)
		}
	case kReturn:
		var x inventory.ReturnAuth
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Returns = append(ch.Returns, x)
		}
	case kReason:
		var x inventory.Reason
		if err = json.Unmarshal(body, &x); err == nil {
			x.Version = version
			ch.Reasons = append(ch.Reasons, x)
		}
	default:
		return fmt.Errorf("unknown master kind %q", kind)
	}
	if err != nil {
		return fmt.Errorf("%s record: %w", kind, err)
	}
	return nil
}

// Master implements store.Store.
func (c *Core) Master(ctx context.Context) (store.Batch, error) {
	var ch wire.Changes
	err := c.b.Read(ctx, func(q Querier) error {
		ch = wire.Changes{}
		rows, err := q.Query(ctx, `SELECT kind, body, version FROM master ORDER BY kind, key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, body string
			var v int64
			if err := rows.Scan(&kind, &body, &v); err != nil {
				return err
			}
			if err := addMaster(&ch, kind, []byte(body), v); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return store.Batch{}, fmt.Errorf("master data: %w", err)
	}
	return store.Batch{Operators: ch.Operators, Products: ch.Products, Locations: ch.Locations, Lots: ch.Lots,
		PurchaseOrders: ch.PurchaseOrders, PickLists: ch.PickLists, SalesOrders: ch.SalesOrders, Returns: ch.Returns, Reasons: ch.Reasons}, nil
}

// Changes implements store.Store. The cursor is the highest version handed
// out; master rows, the device's exceptions, document progress and the
// site's stock and serial rows share the version counter, so one number
// orders them all. With warehouses, stock and serial rows outside their
// locations are left out (the cursor still moves past them).
func (c *Core) Changes(ctx context.Context, device, since string, limit int, warehouses ...string) (wire.Changes, error) {
	var after int64
	if since != "" {
		n, err := strconv.ParseInt(since, 10, 64)
		if err != nil || n < 0 {
			return wire.Changes{}, fmt.Errorf("cursor %q: %w", since, store.ErrBadCursor)
		}
		after = n
	}
	if limit <= 0 {
		limit = 500
	}
	var ch wire.Changes
	err := c.b.Read(ctx, func(q Querier) error {
		ch = wire.Changes{}
		// What of this device the snapshot holds, read first in the same
		// transaction (a push committing meanwhile is in neither).
		if err := queryRow(ctx, q, `SELECT last_seq FROM devices WHERE name = ?`, []any{device}, &ch.IncludesSeq); err != nil && !errors.Is(err, errNoRows) {
			return err
		}
		if ch.IncludesSeq > 0 {
			// Its id lets the terminal tell its own ledger from one that
			// diverged (restored, copied) before trusting IncludesSeq.
			if err := queryRow(ctx, q, `SELECT COALESCE((SELECT id FROM events WHERE device = ? AND seq = ?),
					(SELECT event_id FROM recognised WHERE device = ? AND seq = ?), '')`,
				[]any{device, ch.IncludesSeq, device, ch.IncludesSeq}, &ch.IncludesID); err != nil {
				return err
			}
		}
		type mrow struct {
			kind, body string
			v          int64
		}
		// Each stream reads at most limit+1 rows after the cursor; once one
		// has more than limit, no row past its limit-th can make the page,
		// so the streams read after it stop there (bound).
		bound := int64(math.MaxInt64)
		narrow := func(n int, v func(int) int64) {
			if n > limit {
				bound = min(bound, v(limit-1))
			}
		}
		var ms []mrow
		rows, err := q.Query(ctx, `SELECT kind, body, version FROM master WHERE version > ? ORDER BY version LIMIT ?`, after, int64(limit+1))
		if err != nil {
			return err
		}
		for rows.Next() {
			var m mrow
			if err := rows.Scan(&m.kind, &m.body, &m.v); err != nil {
				rows.Close()
				return err
			}
			ms = append(ms, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		narrow(len(ms), func(i int) int64 { return ms[i].v })
		sers, err := querySerialChanges(ctx, q, after, bound, int64(limit+1))
		if err != nil {
			return err
		}
		narrow(len(sers), func(i int) int64 { return sers[i].v })
		sts, err := queryStockChanges(ctx, q, after, bound, int64(limit+1))
		if err != nil {
			return err
		}
		narrow(len(sts), func(i int) int64 { return sts[i].v })
		xs, err := queryExceptions(ctx, q, `WHERE device = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?`, device, after, bound, int64(limit+1))
		if err != nil {
			return err
		}
		narrow(len(xs), func(i int) int64 { return xs[i].Version })
		ps, err := queryProgress(ctx, q, after, bound, int64(limit+1))
		if err != nil {
			return err
		}
		filter, err := loadSiteFilter(ctx, q, warehouses)
		if err != nil {
			return err
		}
		// Five streams in version order, limit items in all (rows a
		// warehouse filter leaves out count too, so a page stays bounded).
		streams := []struct {
			n    int
			v    func(i int) int64
			take func(i int) error
		}{
			{len(ms), func(i int) int64 { return ms[i].v }, func(i int) error { return addMaster(&ch, ms[i].kind, []byte(ms[i].body), ms[i].v) }},
			{len(xs), func(i int) int64 { return xs[i].Version }, func(i int) error { ch.Exceptions = append(ch.Exceptions, xs[i]); return nil }},
			{len(ps), func(i int) int64 { return ps[i].Version }, func(i int) error { ch.Progress = append(ch.Progress, ps[i]); return nil }},
			{len(sts), func(i int) int64 { return sts[i].v }, func(i int) error {
				if filter.passes(sts[i].loc, "") {
					ch.Stock = append(ch.Stock, *sts[i].stock)
				}
				return nil
			}},
			{len(sers), func(i int) int64 { return sers[i].v }, func(i int) error {
				if filter.passes(sers[i].loc, sers[i].prev) {
					ch.Serials = append(ch.Serials, *sers[i].serial)
				}
				return nil
			}},
		}
		pos := make([]int, len(streams))
		cursor := after
		for taken := 0; taken < limit; taken++ {
			best, bv := -1, int64(math.MaxInt64)
			for s, st := range streams {
				if pos[s] < st.n {
					if v := st.v(pos[s]); v < bv {
						best, bv = s, v
					}
				}
			}
			if best < 0 {
				break
			}
			if err := streams[best].take(pos[best]); err != nil {
				return err
			}
			cursor = bv
			pos[best]++
		}
		for s, st := range streams {
			if pos[s] < st.n {
				ch.More = true
			}
		}
		ch.Cursor = strconv.FormatInt(cursor, 10)
		return nil
	})
	if err != nil {
		return wire.Changes{}, fmt.Errorf("changes since %q: %w", since, err)
	}
	return ch, nil
}

// queryProgress reads the document progress of every device (the pulling
// one's too: it counts its own events up to IncludesSeq from these rows,
// like its stock) after a version, in version order.
func queryProgress(ctx context.Context, q Querier, after, bound, limit int64) ([]inventory.DocProgress, error) {
	rows, err := q.Query(ctx, `SELECT doc, kind, doc_line, device, qty, version FROM doc_progress
		WHERE version > ? AND version <= ? ORDER BY version LIMIT ?`, after, bound, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.DocProgress
	for rows.Next() {
		var p inventory.DocProgress
		var kind string
		var line int64
		if err := rows.Scan(&p.Doc, &kind, &line, &p.Device, &p.Qty, &p.Version); err != nil {
			return nil, err
		}
		p.Kind, p.Line = inventory.EventKind(kind), int(line)
		out = append(out, p)
	}
	return out, rows.Err()
}
