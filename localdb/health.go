package localdb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// syncCheckBytes is the largest file Open checks before it returns. An
// integrity check reads every page and cross-checks every index: about
// 2 s for a 30 MiB file of 100,000 events on the development VM (see
// docs/bench-localdb.md), far too long for a first frame, so past a
// new terminal's size the file is checked in the background while the
// terminal starts, and any damage a statement meets meanwhile is noted
// at once.
const syncCheckBytes = 1 << 20

// damageNote is what the operator and a technician are told to do once the
// file is known to be damaged. The unsynced events are in that file: it is
// moved aside, never deleted.
const damageNote = "no scan is recorded until it is replaced: move terminal.db aside (keep it: its unsynced events are in it), restore a backup or enrol this terminal again, then restart"

// checkHealth runs SQLite's integrity check and remembers damage, so that
// no later scan is acknowledged on a file that may lose it. (quick_check
// is three times cheaper but misses a damaged row that the indexes no
// longer match, the commonest trace of flipped bytes; SQLite keeps no page
// checksums, so bytes flipped in unused space go unseen either way.)
func (db *DB) checkHealth(ctx context.Context) error {
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check(5)")
	if err != nil {
		return db.noteDamage(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return db.noteDamage(err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return db.noteDamage(err)
	}
	if len(problems) > 0 {
		return db.noteDamage(fmt.Errorf("%w: integrity check: %s", ErrCorrupt, strings.Join(problems, "; ")))
	}
	return nil
}

// startHealthCheck checks the file before Open returns when it is small,
// else in the background (Damage reports the verdict once known).
func (db *DB) startHealthCheck(ctx context.Context) error {
	if fi, err := os.Stat(db.path); err == nil && fi.Size() > syncCheckBytes {
		go db.checkHealth(context.WithoutCancel(ctx))
		return nil
	}
	return db.checkHealth(ctx)
}

// noteDamage records err as the file's damage when it says the file is
// damaged, and returns err with what to do.
func (db *DB) noteDamage(err error) error {
	if err == nil || !isCorrupt(err) {
		return err
	}
	guided := fmt.Errorf("terminal database %s is damaged: %s: %w", db.path, damageNote, err)
	if !errors.Is(err, ErrCorrupt) {
		guided = fmt.Errorf("terminal database %s is damaged: %s: %w (%w)", db.path, damageNote, ErrCorrupt, err)
	}
	db.damage.CompareAndSwap(nil, &guided)
	// The first damage seen is the one reported, so every refusal says
	// the same thing.
	return *db.damage.Load()
}

// Damage is nil while the file is healthy as far as the terminal knows,
// else ErrCorrupt with what to do. Once seen, damage stays until the
// process opens another file.
func (db *DB) Damage() error {
	if p := db.damage.Load(); p != nil {
		return *p
	}
	return nil
}

// isCorrupt reports whether err says the file is damaged or not a database.
func isCorrupt(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return true
	}
	return errors.Is(err, ErrCorrupt)
}
