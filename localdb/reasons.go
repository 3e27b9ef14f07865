package localdb

import (
	"context"
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// Reasons lists the override reason codes the hub sent, by code; with
// all false only the active ones (what an operator may choose from).
func (db *DB) Reasons(ctx context.Context, all bool) ([]inventory.Reason, error) {
	q := "SELECT code, label, active, version FROM reasons"
	if !all {
		q += " WHERE active"
	}
	rows, err := db.sql.QueryContext(ctx, q+" ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("read reasons: %w", err)
	}
	defer rows.Close()
	var out []inventory.Reason
	for rows.Next() {
		var r inventory.Reason
		if err := rows.Scan(&r.Code, &r.Label, &r.Active, &r.Version); err != nil {
			return nil, fmt.Errorf("read reasons: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read reasons: %w", err)
	}
	return out, nil
}
