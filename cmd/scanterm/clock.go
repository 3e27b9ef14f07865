package main

import (
	"context"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
)

// seedClock starts clock from the offset the last sync saved in db, so a
// terminal whose clock is off judges expiry on the hub's time from its
// first scan after a restart, before any hub has answered.
func seedClock(ctx context.Context, db *localdb.DB, clock *client.Clock) error {
	off, ok, err := db.ClockOffset(ctx)
	if err != nil || !ok {
		return err
	}
	clock.Seed(off)
	return nil
}
