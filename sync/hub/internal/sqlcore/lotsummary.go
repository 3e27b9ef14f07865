package sqlcore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// LotSummary implements store.Store. The sums are aggregate queries over
// the lot's index, so a lot moved ten thousand times costs the database a
// pass over its rows, not ten thousand events decoded and sent; stock
// comes from the stock projection and only the latest events are read
// whole. One read snapshot, so the parts agree.
func (c *Core) LotSummary(ctx context.Context, gtin, lot string, latest int) ([]store.LotSummary, error) {
	var out []store.LotSummary
	err := c.b.Read(ctx, func(q Querier) error {
		out = nil
		where, args := "lot = ?", []any{lot}
		if gtin != "" {
			where, args = "lot = ? AND gtin = ?", []any{lot, gtin}
		}
		byGTIN := map[string]*store.LotSummary{}
		var order []string
		get := func(g string) *store.LotSummary {
			if s, ok := byGTIN[g]; ok {
				return s
			}
			s := &store.LotSummary{GTIN: g, Lot: lot}
			byGTIN[g] = s
			order = append(order, g)
			return s
		}
		rows, err := q.Query(ctx, `SELECT gtin, kind, doc, COUNT(*), CAST(SUM(qty) AS BIGINT), MIN(at), MAX(at) FROM events
			WHERE `+where+` GROUP BY gtin, kind, doc`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var g, kind, doc, first, last string
			var n, qty int64
			if err := rows.Scan(&g, &kind, &doc, &n, &qty, &first, &last); err != nil {
				rows.Close()
				return err
			}
			s := get(g)
			s.Events += int(n)
			d := store.LotDoc{Kind: inventory.EventKind(kind), Doc: doc, Qty: qty, Events: int(n)}
			d.First, _ = time.Parse(time.RFC3339Nano, first)
			d.Last, _ = time.Parse(time.RFC3339Nano, last)
			switch d.Kind {
			case inventory.KindReceive, inventory.KindShip, inventory.KindReturn:
				s.Docs = append(s.Docs, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		slices.Sort(order)
		for _, g := range order {
			s := byGTIN[g]
			slices.SortFunc(s.Docs, func(a, b store.LotDoc) int { return a.First.Compare(b.First) })
			evs, err := queryEvents(ctx, q, `WHERE lot = ? AND gtin = ? ORDER BY hub_id DESC LIMIT ?`, lot, g, int64(latest))
			if err != nil {
				return err
			}
			slices.Reverse(evs)
			s.Latest = evs
			rows, err := q.Query(ctx, `SELECT loc, qty FROM stock WHERE gtin = ? AND lot = ? AND qty <> 0 ORDER BY loc`, g, lot)
			if err != nil {
				return err
			}
			for rows.Next() {
				var st store.LotStock
				if err := rows.Scan(&st.Location, &st.Qty); err != nil {
					rows.Close()
					return err
				}
				s.Now = append(s.Now, st)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if s.Exceptions, err = queryExceptions(ctx, q, `WHERE event_id IN (SELECT id FROM events WHERE lot = ? AND gtin = ?) ORDER BY id`, lot, g); err != nil {
				return err
			}
			out = append(out, *s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("summary of lot %s: %w", lot, err)
	}
	return out, nil
}
