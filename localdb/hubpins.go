package localdb

import (
	"context"
	"fmt"
)

// HubPins returns the hub certificate this terminal pins after following a
// rotation ("" when it still pins the one of its enrolment) and the next
// one a rotating hub announced ("" when none). See sync/client.
func (db *DB) HubPins(ctx context.Context) (pinned, next string, err error) {
	if pinned, err = getMeta(ctx, db.sql, "hub_pin"); err != nil {
		return "", "", fmt.Errorf("read hub pins: %w", err)
	}
	if next, err = getMeta(ctx, db.sql, "hub_next_pin"); err != nil {
		return "", "", fmt.Errorf("read hub pins: %w", err)
	}
	return pinned, next, nil
}

// SetHubPins stores both pins in one transaction.
func (db *DB) SetHubPins(ctx context.Context, pinned, next string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return db.fileErr("store hub pins in", err)
	}
	defer tx.Rollback()
	if err := setMeta(ctx, tx, "hub_pin", pinned); err != nil {
		return fmt.Errorf("store hub pins: %w", err)
	}
	if err := setMeta(ctx, tx, "hub_next_pin", next); err != nil {
		return fmt.Errorf("store hub pins: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return db.fileErr("store hub pins in", err)
	}
	return nil
}
