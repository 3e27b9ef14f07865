package sqlcore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// AddDevice implements store.Store.
func (c *Core) AddDevice(ctx context.Context, name, codeHash string, expires, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		var enrolled, revoked int64
		err := queryRow(ctx, q, `SELECT enrolled_at, revoked_at FROM devices WHERE name = ?`+c.b.LockSuffix(), []any{name}, &enrolled, &revoked)
		switch {
		case errors.Is(err, errNoRows):
			_, err = q.Exec(ctx, `INSERT INTO devices(name, created_at, code_hash, code_expires) VALUES (?, ?, ?, ?)`,
				name, nanos(now), codeHash, nanos(expires))
			if err != nil {
				return fmt.Errorf("add device %s: %w", name, err)
			}
			return nil
		case err != nil:
			return fmt.Errorf("add device %s: %w", name, err)
		case revoked != 0:
			return fmt.Errorf("device %s was revoked; let it enrol again with scanhub device reinstate %s: %w", name, name, store.ErrExists)
		case enrolled != 0:
			return fmt.Errorf("device %s is already enrolled; revoke it and add a new name: %w", name, store.ErrExists)
		}
		// Not enrolled yet: the earlier code is replaced by this one.
		_, err = q.Exec(ctx, `UPDATE devices SET code_hash = ?, code_expires = ? WHERE name = ?`, codeHash, nanos(expires), name)
		if err != nil {
			return fmt.Errorf("reissue code for %s: %w", name, err)
		}
		return nil
	})
}

// Enroll implements store.Store.
func (c *Core) Enroll(ctx context.Context, codeHash, tokenHash, appVersion string, now time.Time) (string, error) {
	var name string
	err := c.b.Write(ctx, func(q Querier) error {
		if codeHash == "" {
			return store.ErrBadCode
		}
		var expires, enrolled, revoked int64
		err := queryRow(ctx, q, `SELECT name, code_expires, enrolled_at, revoked_at FROM devices WHERE code_hash = ?`+c.b.LockSuffix(),
			[]any{codeHash}, &name, &expires, &enrolled, &revoked)
		if errors.Is(err, errNoRows) {
			return store.ErrBadCode
		}
		if err != nil {
			return fmt.Errorf("enroll: %w", err)
		}
		if enrolled != 0 || revoked != 0 || expires < nanos(now) {
			return store.ErrBadCode
		}
		// The code is cleared as it is used: single use. A diverged
		// device's enrolment starts a new incarnation: the terminal
		// renumbers its ledger after the hub's last seq and the hub
		// recognises what it already holds by id (lifecycle.go).
		_, err = q.Exec(ctx, `UPDATE devices SET code_hash = '', code_expires = 0, token_hash = ?, enrolled_at = ?, last_seen = ?, app_version = ?,
			incarnation = incarnation + CASE WHEN diverged_at <> 0 THEN 1 ELSE 0 END, diverged_at = 0 WHERE name = ?`,
			tokenHash, nanos(now), nanos(now), appVersion, name)
		if err != nil {
			return fmt.Errorf("enroll %s: %w", name, err)
		}
		return nil
	})
	return name, err
}

const deviceCols = `name, created_at, enrolled_at, revoked_at, last_seen, last_seq, app_version, incarnation, diverged_at, clock_offset, queue_len, queue_oldest, queue_at`

func scanDevice(rows Rows) (store.Device, error) {
	var d store.Device
	var created, enrolled, revoked, seen, diverged, offset, oldest, reported int64
	if err := rows.Scan(&d.Name, &created, &enrolled, &revoked, &seen, &d.AckSeq, &d.AppVersion, &d.Incarnation, &diverged,
		&offset, &d.Queue, &oldest, &reported); err != nil {
		return d, err
	}
	d.ClockOffset = time.Duration(offset)
	d.ClockOffsetSeconds = int64(d.ClockOffset.Round(time.Second) / time.Second)
	d.QueueOldest, d.QueueReported = fromNanos(oldest), fromNanos(reported)
	d.Diverged = diverged != 0
	d.CreatedAt, d.EnrolledAt, d.RevokedAt, d.LastSeen = fromNanos(created), fromNanos(enrolled), fromNanos(revoked), fromNanos(seen)
	d.Enrolled, d.Revoked = enrolled != 0, revoked != 0
	return d, nil
}

func (c *Core) devices(ctx context.Context, where string, args ...any) ([]store.Device, error) {
	var out []store.Device
	err := c.b.ReadOne(ctx, func(q Querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT `+deviceCols+` FROM devices `+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDevice(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// Authenticate implements store.Store.
func (c *Core) Authenticate(ctx context.Context, tokenHash string) (store.Device, error) {
	if tokenHash == "" {
		return store.Device{}, store.ErrUnauthorized
	}
	ds, err := c.devices(ctx, `WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return store.Device{}, fmt.Errorf("authenticate: %w", err)
	}
	if len(ds) == 0 {
		return store.Device{}, store.ErrUnauthorized
	}
	if ds[0].Revoked {
		return ds[0], store.ErrRevoked
	}
	return ds[0], nil
}

// Seen implements store.Store. The queue's oldest time is kept on the
// hub's clock: the device's offset (as of its last push) is taken off.
func (c *Core) Seen(ctx context.Context, device, appVersion string, queue *store.QueueReport, now time.Time) error {
	set, args := "last_seen = ?", []any{nanos(now)}
	if appVersion != "" {
		set, args = set+", app_version = ?", append(args, appVersion)
	}
	if queue != nil {
		has, oldest := queue.Len > 0 && !queue.Oldest.IsZero(), int64(0)
		if has {
			oldest = nanos(queue.Oldest)
		}
		set += ", queue_len = ?, queue_oldest = CASE WHEN ? THEN ? - clock_offset ELSE 0 END, queue_at = ?"
		args = append(args, queue.Len, has, oldest, nanos(now))
	}
	return c.b.Write(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, `UPDATE devices SET `+set+` WHERE name = ?`, append(args, device)...); err != nil {
			return fmt.Errorf("record %s seen: %w", device, err)
		}
		return nil
	})
}

// Devices implements store.Store.
func (c *Core) Devices(ctx context.Context) ([]store.Device, error) {
	ds, err := c.devices(ctx, `ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	return ds, nil
}

// Device implements store.Store.
func (c *Core) Device(ctx context.Context, name string) (store.Device, error) {
	ds, err := c.devices(ctx, `WHERE name = ?`, name)
	if err != nil {
		return store.Device{}, fmt.Errorf("device %s: %w", name, err)
	}
	if len(ds) == 0 {
		return store.Device{}, fmt.Errorf("device %s: %w", name, store.ErrNotFound)
	}
	return ds[0], nil
}

// RevokeDevice implements store.Store.
func (c *Core) RevokeDevice(ctx context.Context, name string, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE devices SET revoked_at = ?, code_hash = '' WHERE name = ? AND revoked_at = 0`, nanos(now), name)
		if err != nil {
			return fmt.Errorf("revoke %s: %w", name, err)
		}
		if n == 0 {
			var x int64
			if err := queryRow(ctx, q, `SELECT revoked_at FROM devices WHERE name = ?`, []any{name}, &x); errors.Is(err, errNoRows) {
				return fmt.Errorf("revoke %s: %w", name, store.ErrNotFound)
			}
		}
		return nil
	})
}

// ReinstateDevice implements store.Store. Only the token and enrolment are
// reset: last_seq and the events stay, so the terminal resumes its queue at
// the next seq the hub expects.
func (c *Core) ReinstateDevice(ctx context.Context, name, codeHash string, expires, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		var revoked, diverged int64
		err := queryRow(ctx, q, `SELECT revoked_at, diverged_at FROM devices WHERE name = ?`+c.b.LockSuffix(), []any{name}, &revoked, &diverged)
		switch {
		case errors.Is(err, errNoRows):
			return fmt.Errorf("reinstate %s: %w", name, store.ErrNotFound)
		case err != nil:
			return fmt.Errorf("reinstate %s: %w", name, err)
		case revoked == 0 && diverged == 0:
			return fmt.Errorf("reinstate %s: %w (scanhub device add %s reissues the code of a device not yet enrolled)", name, store.ErrNotRevoked, name)
		}
		_, err = q.Exec(ctx, `UPDATE devices SET revoked_at = 0, enrolled_at = 0, token_hash = '', code_hash = ?, code_expires = ? WHERE name = ?`,
			codeHash, nanos(expires), name)
		if err != nil {
			return fmt.Errorf("reinstate %s: %w", name, err)
		}
		return nil
	})
}
