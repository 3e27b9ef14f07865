package sqlcore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// consoleSchema holds the web console's tables, appended after the sync
// tables so an older hub's database gains them on its next start.
var consoleSchema = []string{
	`CREATE TABLE IF NOT EXISTS users (
		name          TEXT PRIMARY KEY,
		role          TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at    BIGINT NOT NULL)`,
	// Sessions are found by the SHA-256 of their cookie, so a copy of the
	// database does not sign anyone in.
	`CREATE TABLE IF NOT EXISTS sessions (
		id_hash    TEXT PRIMARY KEY,
		username   TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		last_seen  BIGINT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS sessions_user ON sessions(username)`,
	`CREATE TABLE IF NOT EXISTS api_tokens (
		name       TEXT PRIMARY KEY,
		role       TEXT NOT NULL,
		token_hash TEXT NOT NULL UNIQUE,
		created_at BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS console_audit (
		id       AUTOID,
		at       BIGINT NOT NULL,
		username TEXT NOT NULL,
		action   TEXT NOT NULL,
		subject  TEXT NOT NULL,
		reason   TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS console_audit_subject ON console_audit(subject, id)`,
}

// AddUser implements store.Store.
func (c *Core) AddUser(ctx context.Context, u store.User, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `INSERT INTO users(name, role, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			u.Name, u.Role, u.PasswordHash, nanos(now))
		if err != nil {
			return fmt.Errorf("add user %s: %w", u.Name, err)
		}
		if n == 0 {
			return fmt.Errorf("user %s: %w", u.Name, store.ErrExists)
		}
		return nil
	})
}

// SetPassword implements store.Store. Changing a password signs the
// account's sessions out.
func (c *Core) SetPassword(ctx context.Context, name, hash string) error {
	return c.b.Write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name)
		if err != nil {
			return fmt.Errorf("set password of %s: %w", name, err)
		}
		if n == 0 {
			return fmt.Errorf("user %s: %w", name, store.ErrNotFound)
		}
		if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE username = ?`, name); err != nil {
			return fmt.Errorf("sign out %s: %w", name, err)
		}
		return nil
	})
}

func (c *Core) users(ctx context.Context, where string, args ...any) ([]store.User, error) {
	var out []store.User
	err := c.b.ReadOne(ctx, func(q Querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT name, role, password_hash, created_at FROM users `+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u store.User
			var created int64
			if err := rows.Scan(&u.Name, &u.Role, &u.PasswordHash, &created); err != nil {
				return err
			}
			u.CreatedAt = fromNanos(created)
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// User implements store.Store.
func (c *Core) User(ctx context.Context, name string) (store.User, error) {
	us, err := c.users(ctx, `WHERE name = ?`, name)
	if err != nil {
		return store.User{}, fmt.Errorf("user %s: %w", name, err)
	}
	if len(us) == 0 {
		return store.User{}, fmt.Errorf("user %s: %w", name, store.ErrNotFound)
	}
	return us[0], nil
}

// Users implements store.Store.
func (c *Core) Users(ctx context.Context) ([]store.User, error) {
	us, err := c.users(ctx, `ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return us, nil
}

// CreateSession implements store.Store.
func (c *Core) CreateSession(ctx context.Context, idHash, user string, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO sessions(id_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)`,
			idHash, user, nanos(now), nanos(now))
		if err != nil {
			return fmt.Errorf("create session for %s: %w", user, err)
		}
		return nil
	})
}

// Session implements store.Store.
func (c *Core) Session(ctx context.Context, idHash string) (store.Session, error) {
	var s store.Session
	err := c.b.ReadOne(ctx, func(q Querier) error {
		var created, seen int64
		err := queryRow(ctx, q, `SELECT s.username, u.role, s.created_at, s.last_seen FROM sessions s JOIN users u ON u.name = s.username WHERE s.id_hash = ?`,
			[]any{idHash}, &s.User, &s.Role, &created, &seen)
		if err != nil {
			return err
		}
		s.CreatedAt, s.LastSeen = fromNanos(created), fromNanos(seen)
		return nil
	})
	if errors.Is(err, errNoRows) {
		return store.Session{}, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.Session{}, fmt.Errorf("session: %w", err)
	}
	return s, nil
}

// TouchSession implements store.Store.
func (c *Core) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, `UPDATE sessions SET last_seen = ? WHERE id_hash = ?`, nanos(now), idHash); err != nil {
			return fmt.Errorf("touch session: %w", err)
		}
		return nil
	})
}

// DeleteSession implements store.Store.
func (c *Core) DeleteSession(ctx context.Context, idHash string) error {
	return c.b.Write(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteIdleSessions implements store.Store.
func (c *Core) DeleteIdleSessions(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := c.b.Write(ctx, func(q Querier) error {
		var err error
		n, err = q.Exec(ctx, `DELETE FROM sessions WHERE last_seen < ?`, nanos(before))
		if err != nil {
			return fmt.Errorf("delete idle sessions: %w", err)
		}
		return nil
	})
	return n, err
}

// AddAPIToken implements store.Store.
func (c *Core) AddAPIToken(ctx context.Context, name, role, tokenHash string, now time.Time) error {
	return c.b.Write(ctx, func(q Querier) error {
		n, err := q.Exec(ctx, `INSERT INTO api_tokens(name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			name, role, tokenHash, nanos(now))
		if err != nil {
			return fmt.Errorf("add token %s: %w", name, err)
		}
		if n == 0 {
			return fmt.Errorf("token %s: %w", name, store.ErrExists)
		}
		return nil
	})
}

// APIToken implements store.Store.
func (c *Core) APIToken(ctx context.Context, tokenHash string) (store.APIToken, error) {
	var t store.APIToken
	if tokenHash == "" {
		return t, store.ErrUnauthorized
	}
	err := c.b.ReadOne(ctx, func(q Querier) error {
		var created int64
		if err := queryRow(ctx, q, `SELECT name, role, created_at FROM api_tokens WHERE token_hash = ?`, []any{tokenHash}, &t.Name, &t.Role, &created); err != nil {
			return err
		}
		t.CreatedAt = fromNanos(created)
		return nil
	})
	if errors.Is(err, errNoRows) {
		return store.APIToken{}, store.ErrUnauthorized
	}
	if err != nil {
		return store.APIToken{}, fmt.Errorf("api token: %w", err)
	}
	return t, nil
}

// DocProgress implements store.Store, ordered by document, kind and line.
func (c *Core) DocProgress(ctx context.Context) ([]store.LineProgress, error) {
	out := []store.LineProgress{}
	err := c.b.ReadOne(ctx, func(q Querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT doc, kind, doc_line, CAST(SUM(qty) AS BIGINT) FROM doc_progress GROUP BY doc, kind, doc_line ORDER BY doc, kind, doc_line`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p store.LineProgress
			var line int64
			if err := rows.Scan(&p.Doc, &p.Kind, &line, &p.Qty); err != nil {
				return err
			}
			p.Line = int(line)
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("document progress: %w", err)
	}
	return out, nil
}

// AddAudit implements store.Store.
func (c *Core) AddAudit(ctx context.Context, e store.AuditEntry) error {
	return c.b.Write(ctx, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO console_audit(at, username, action, subject, reason) VALUES (?, ?, ?, ?, ?)`,
			nanos(e.At), e.User, e.Action, e.Subject, e.Reason)
		if err != nil {
			return fmt.Errorf("audit %s %s: %w", e.Action, e.Subject, err)
		}
		return nil
	})
}

// Audit implements store.Store.
func (c *Core) Audit(ctx context.Context, subject string) ([]store.AuditEntry, error) {
	out := []store.AuditEntry{}
	err := c.b.ReadOne(ctx, func(q Querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT at, username, action, subject, reason FROM console_audit WHERE subject = ? ORDER BY id`, subject)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e store.AuditEntry
			var at int64
			if err := rows.Scan(&at, &e.User, &e.Action, &e.Subject, &e.Reason); err != nil {
				return err
			}
			e.At = fromNanos(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("audit of %s: %w", subject, err)
	}
	return out, nil
}

// CountEvents implements store.Store: one aggregate over the received_at
// index instead of every event of the day in Go.
func (c *Core) CountEvents(ctx context.Context, since time.Time, bucket time.Duration) ([]store.EventCount, error) {
	if bucket <= 0 {
		return nil, fmt.Errorf("count events: bucket %s: want a positive width", bucket)
	}
	out := []store.EventCount{}
	err := c.b.ReadOne(ctx, func(q Querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT b, kind, COUNT(*) FROM (SELECT (received_at - ?) / ? AS b, kind FROM events WHERE received_at >= ?) x GROUP BY b, kind ORDER BY b, kind`,
			nanos(since), int64(bucket), nanos(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e store.EventCount
			var b int64
			if err := rows.Scan(&b, &e.Kind, &e.N); err != nil {
				return err
			}
			e.Bucket = int(b)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	return out, nil
}
