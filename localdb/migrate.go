package localdb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations returns the embedded schema steps in order; step i (0-based)
// brings the schema from version i to i+1.
func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]string, 0, len(names))
	for _, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int {
	m, _ := migrations()
	return len(m)
}

// migrate applies every pending step, each in its own transaction together
// with the new user_version, so an interrupted upgrade resumes where it
// stopped and never leaves a half-applied step.
func (db *DB) migrate(ctx context.Context) error {
	steps, err := migrations()
	if err != nil {
		return fmt.Errorf("read embedded migrations: %w", err)
	}
	var v int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > len(steps) {
		return fmt.Errorf("%w: the file has schema version %d and this scanterm knows up to %d; install a newer scanterm (the file was left untouched)", ErrSchemaTooNew, v, len(steps))
	}
	for ; v < len(steps); v++ {
		if err := db.migrateStep(ctx, v+1, steps[v]); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) migrateStep(ctx context.Context, to int, script string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Re-read inside the write lock: another process may have migrated
	// between our check and now.
	var cur int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return err
	}
	if cur >= to {
		return nil
	}
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return fmt.Errorf("migrate schema to version %d: %w", to, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", to)); err != nil {
		return fmt.Errorf("migrate schema to version %d: %w", to, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate schema to version %d: %w", to, err)
	}
	return nil
}
