package localdb

import (
	"context"
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// openExceptionsSQL lists open exceptions: pulled and unresolved, plus
// push rejections whose exception has not been pulled yet (as Exceptions).
const openExceptionsSQL = `
	SELECT id, code, message, event_id, seq FROM exceptions WHERE resolved = 0
	UNION ALL
	SELECT r.exception, r.code, r.message, COALESCE(e.id, ''), r.seq
	FROM rejections r LEFT JOIN events e ON e.seq = r.seq
	WHERE r.exception = 0 OR r.exception NOT IN (SELECT id FROM exceptions)`

// OpenExceptions counts the hub's exceptions on this terminal's events that
// are not resolved (including push rejections not yet pulled): the number
// a status bar shows.
func (db *DB) OpenExceptions(ctx context.Context) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+openExceptionsSQL+")").Scan(&n); err != nil {
		return 0, fmt.Errorf("count open exceptions: %w", err)
	}
	return n, nil
}

// ExceptionsOn returns the open hub exceptions on the given events (for
// example a SerialHistory), in seq order.
func (db *DB) ExceptionsOn(ctx context.Context, evs []inventory.Event) ([]EventException, error) {
	out, err := exceptionsOn(ctx, db.sql, evs)
	if err != nil {
		return nil, fmt.Errorf("exceptions on events: %w", err)
	}
	return out, nil
}

// exceptionsOn reads every open exception (a short list: each is a
// supervisor's to-do) and keeps those on evs. An exception names its event
// by ID; one without an ID (a rejection of an event this file no longer
// matches) is matched by seq.
func exceptionsOn(ctx context.Context, q querier, evs []inventory.Event) ([]EventException, error) {
	out := []EventException{}
	if len(evs) == 0 {
		return out, nil
	}
	byID := make(map[string]int64, len(evs))
	bySeq := make(map[int64]string, len(evs))
	for _, ev := range evs {
		byID[ev.ID] = ev.Seq
		bySeq[ev.Seq] = ev.ID
	}
	rows, err := q.QueryContext(ctx, openExceptionsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x EventException
		if err := rows.Scan(&x.ID, &x.Code, &x.Message, &x.EventID, &x.Seq); err != nil {
			return nil, err
		}
		if x.EventID != "" {
			seq, ok := byID[x.EventID]
			if !ok {
				continue
			}
			x.Seq = seq
		} else {
			id, ok := bySeq[x.Seq]
			if !ok || x.Seq == 0 {
				continue
			}
			x.EventID = id
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Seq != out[j].Seq {
			return out[i].Seq < out[j].Seq
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
