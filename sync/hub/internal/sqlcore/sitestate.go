package sqlcore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// SiteSchema returns the statements a store runs after [Schema] and
// [Added] (they name columns Added brings to older tables): the indexes
// pulls read the site's stock and serial rows by, and a one-time fill that
// gives every row an older hub wrote (version 0) its own version, so the
// first pull of a terminal after the upgrade carries them. Each statement
// is idempotent: a start interrupted half-way fills the rest next time,
// and the counter is raised past what the fill handed out.
func SiteSchema() []string {
	fill := func(table, key, cond string) []string {
		return []string{
			`UPDATE ` + table + ` SET version = f.v FROM (SELECT ` + key + `,
				(SELECT value FROM counters WHERE name = 'version') + ROW_NUMBER() OVER (ORDER BY ` + key + `) AS v
				FROM ` + table + ` WHERE version = 0 AND ` + cond + `) f
			WHERE ` + joinKey(table, key) + ``,
			`UPDATE counters SET value = (SELECT MAX(version) FROM ` + table + `)
			WHERE name = 'version' AND (SELECT MAX(version) FROM ` + table + `) > value`,
		}
	}
	out := []string{
		`CREATE INDEX IF NOT EXISTS stock_version ON stock(version)`,
		`CREATE INDEX IF NOT EXISTS serials_version ON serials(version)`,
	}
	out = append(out, fill("stock", "gtin, lot, loc", "qty <> 0")...)
	out = append(out, fill("serials", "gtin, serial", "status <> ''")...)
	return out
}

// joinKey is "t.a = f.a AND t.b = f.b" for the columns of key.
func joinKey(table, key string) string {
	out := ""
	for i, c := range strings.Split(key, ",") {
		if i > 0 {
			out += " AND "
		}
		c = strings.TrimSpace(c)
		out += table + "." + c + " = f." + c
	}
	return out
}

// siteFilter holds, for a pull limited to some warehouses, the codes of
// their locations; a nil filter passes everything.
type siteFilter map[string]bool

// loadSiteFilter reads the locations of warehouses from the master data
// (nil when warehouses is empty: the whole site).
func loadSiteFilter(ctx context.Context, q Querier, warehouses []string) (siteFilter, error) {
	if len(warehouses) == 0 {
		return nil, nil
	}
	want := map[string]bool{}
	for _, w := range warehouses {
		want[w] = true
	}
	rows, err := q.Query(ctx, `SELECT body FROM master WHERE kind = 'location'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	f := siteFilter{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var l inventory.Location
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			return nil, fmt.Errorf("location record: %w", err)
		}
		if want[l.Warehouse] {
			f[l.Code] = true
		}
	}
	return f, rows.Err()
}

// passes says whether a row at loc (or, for a unit, last at prev) belongs
// to the filter's warehouses. A unit that left them (moved to another
// warehouse, shipped, written off) passes once more, so the terminal
// learns it is gone.
func (f siteFilter) passes(loc, prev string) bool {
	return f == nil || f[loc] || (prev != "" && f[prev])
}

// siteRow is one stock or serial row read for a pull, with its version and
// (for filtering) where it is and was.
type siteRow struct {
	v         int64
	loc, prev string
	stock     *inventory.StockLevel
	serial    *inventory.SerialRecord
}

// queryStockChanges reads stock rows changed after a version, in version
// order.
func queryStockChanges(ctx context.Context, q Querier, after, bound, limit int64) ([]siteRow, error) {
	rows, err := q.Query(ctx, `SELECT gtin, lot, loc, qty, version FROM stock WHERE version > ? AND version <= ? ORDER BY version LIMIT ?`, after, bound, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []siteRow
	for rows.Next() {
		s := &inventory.StockLevel{}
		if err := rows.Scan(&s.GTIN, &s.Lot, &s.Location, &s.Qty, &s.Version); err != nil {
			return nil, err
		}
		out = append(out, siteRow{v: s.Version, loc: s.Location, stock: s})
	}
	return out, rows.Err()
}

// querySerialChanges reads serial rows changed after a version, in
// version order.
func querySerialChanges(ctx context.Context, q Querier, after, bound, limit int64) ([]siteRow, error) {
	rows, err := q.Query(ctx, `SELECT gtin, serial, lot, status, loc, last_event, last_kind, last_device, last_seq, last_at, version, prev_loc, last_doc
		FROM serials WHERE version > ? AND version <= ? ORDER BY version LIMIT ?`, after, bound, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []siteRow
	for rows.Next() {
		s := &inventory.SerialRecord{}
		var status, kind, at, prev string
		if err := rows.Scan(&s.GTIN, &s.Serial, &s.Lot, &status, &s.Location, &s.LastEvent, &kind, &s.LastDevice, &s.LastSeq, &at, &s.Version, &prev, &s.LastDoc); err != nil {
			return nil, err
		}
		s.Status, s.LastKind = inventory.SerialStatus(status), inventory.EventKind(kind)
		if at != "" {
			if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
				s.LastAt = t.UTC()
			}
		}
		out = append(out, siteRow{v: s.Version, loc: s.Location, prev: prev, serial: s})
	}
	return out, rows.Err()
}

// Stock implements store.Store: the stock rows above zero, joined in Go
// with the lot and location records (both are JSON bodies in master).
func (c *Core) Stock(ctx context.Context, f store.StockFilter) ([]store.StockRow, error) {
	if (f.GTINs != nil && len(f.GTINs) == 0) || (f.Locations != nil && len(f.Locations) == 0) {
		return []store.StockRow{}, nil
	}
	where, args := "qty <> 0", []any{}
	in := func(col string, vals []string) {
		where += " AND " + col + " IN (" + strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",") + ")"
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if f.GTINs != nil {
		in("gtin", f.GTINs)
	}
	if f.Lot != "" {
		where, args = where+" AND lot = ?", append(args, f.Lot)
	}
	if f.Locations != nil {
		in("loc", f.Locations)
	}
	if f.ByProduct {
		where += " ORDER BY gtin, lot, loc"
	} else {
		where += " ORDER BY loc, gtin, lot"
	}
	if f.Limit > 0 && f.Warehouse == "" {
		// With a warehouse the rows are filtered here, so the limit too.
		where, args = where+" LIMIT ?", append(args, int64(f.Limit))
	}
	out := []store.StockRow{}
	err := c.b.Read(ctx, func(q Querier) error {
		out = out[:0]
		whs := map[string]string{}
		rows, err := q.Query(ctx, `SELECT body FROM master WHERE kind = 'location'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var body string
			var l inventory.Location
			if err := rows.Scan(&body); err != nil {
				rows.Close()
				return err
			}
			if json.Unmarshal([]byte(body), &l) == nil {
				whs[l.Code] = l.Warehouse
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = q.Query(ctx, `SELECT gtin, lot, loc, qty FROM stock WHERE `+where, args...)
		if err != nil {
			return err
		}
		lots := map[string]bool{}
		for rows.Next() {
			var r store.StockRow
			if err := rows.Scan(&r.GTIN, &r.Lot, &r.Location, &r.Qty); err != nil {
				rows.Close()
				return err
			}
			r.Warehouse = whs[r.Location]
			if f.Warehouse != "" && r.Warehouse != f.Warehouse {
				continue
			}
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
			if r.Lot != "" {
				lots[lotKey(r.GTIN, r.Lot)] = true
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The lot records of the rows found, a chunk at a time.
		keys := make([]any, 0, len(lots))
		for k := range lots {
			keys = append(keys, k)
		}
		info := map[string]inventory.Lot{}
		for start := 0; start < len(keys); start += chunk {
			part := keys[start:min(start+chunk, len(keys))]
			rows, err := q.Query(ctx, `SELECT body FROM master WHERE kind = 'lot' AND key IN (`+
				strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, part...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var body string
				var l inventory.Lot
				if err := rows.Scan(&body); err != nil {
					rows.Close()
					return err
				}
				if json.Unmarshal([]byte(body), &l) == nil {
					info[lotKey(l.GTIN, l.Lot)] = l
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for i := range out {
			if l, ok := info[lotKey(out[i].GTIN, out[i].Lot)]; ok {
				out[i].Expiry, out[i].LotStatus = l.Expiry, l.Status
				if out[i].LotStatus == "" {
					out[i].LotStatus = inventory.LotReleased
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stock: %w", err)
	}
	return out, nil
}
