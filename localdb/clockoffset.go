package localdb

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// The device clock's offset from the hub's, as the last sync learned it,
// is kept so the date rules stay corrected after a restart and in
// processes that do not sync themselves (station mode), not only once
// the next hub answer has arrived.

// ClockOffset is how far the device clock was ahead of the hub's at the
// last sync that saved one; ok is false before any.
func (db *DB) ClockOffset(ctx context.Context) (offset time.Duration, ok bool, err error) {
	v, err := getMeta(ctx, db.sql, "clock_offset")
	if err != nil {
		return 0, false, db.fileErr("read clock offset from", err)
	}
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("read clock offset: stored value %q: %w", v, err)
	}
	return time.Duration(n), true, nil
}

// SetClockOffset saves the offset sync learned.
func (db *DB) SetClockOffset(ctx context.Context, offset time.Duration) error {
	if err := setMeta(ctx, db.sql, "clock_offset", strconv.FormatInt(int64(offset), 10)); err != nil {
		return db.fileErr("save clock offset to", err)
	}
	return nil
}
