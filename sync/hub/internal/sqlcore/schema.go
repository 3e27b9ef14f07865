package sqlcore

import "strings"

// progressKinds selects the events that count towards a document line.
const progressKinds = `kind IN ('receive', 'pick', 'ship', 'return')`

// Schema returns the DDL both stores share; autoID is the dialect's
// auto-increment primary key column type ("INTEGER PRIMARY KEY AUTOINCREMENT"
// in SQLite, "BIGSERIAL PRIMARY KEY" in PostgreSQL). Every statement is
// idempotent so opening an existing store is safe.
func Schema(autoID string) []string {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS counters (
			name  TEXT PRIMARY KEY,
			value BIGINT NOT NULL)`,
		`INSERT INTO counters(name, value) VALUES ('version', 0) ON CONFLICT (name) DO NOTHING`,
		`CREATE TABLE IF NOT EXISTS devices (
			name         TEXT PRIMARY KEY,
			created_at   BIGINT NOT NULL,
			code_hash    TEXT NOT NULL DEFAULT '',
			code_expires BIGINT NOT NULL DEFAULT 0,
			token_hash   TEXT NOT NULL DEFAULT '',
			enrolled_at  BIGINT NOT NULL DEFAULT 0,
			revoked_at   BIGINT NOT NULL DEFAULT 0,
			last_seen    BIGINT NOT NULL DEFAULT 0,
			last_seq     BIGINT NOT NULL DEFAULT 0,
			app_version  TEXT NOT NULL DEFAULT '',
			incarnation  BIGINT NOT NULL DEFAULT 0,
			diverged_at  BIGINT NOT NULL DEFAULT 0,
			clock_offset BIGINT NOT NULL DEFAULT 0,
			skew_since   BIGINT NOT NULL DEFAULT 0,
			queue_len    BIGINT NOT NULL DEFAULT 0,
			queue_oldest BIGINT NOT NULL DEFAULT 0,
			queue_at     BIGINT NOT NULL DEFAULT 0)`,
		`CREATE INDEX IF NOT EXISTS devices_token ON devices(token_hash)`,
		`CREATE INDEX IF NOT EXISTS devices_code ON devices(code_hash)`,
		`CREATE TABLE IF NOT EXISTS events (
			hub_id      AUTOID,
			id          TEXT NOT NULL,
			device      TEXT NOT NULL,
			seq         BIGINT NOT NULL,
			operator    TEXT NOT NULL,
			at          TEXT NOT NULL,
			kind        TEXT NOT NULL,
			gtin        TEXT NOT NULL,
			lot         TEXT NOT NULL,
			serial      TEXT NOT NULL,
			expiry      TEXT NOT NULL,
			qty         BIGINT NOT NULL,
			from_loc    TEXT NOT NULL,
			to_loc      TEXT NOT NULL,
			doc         TEXT NOT NULL,
			doc_line    BIGINT NOT NULL,
			override    TEXT NOT NULL,
			note        TEXT NOT NULL,
			flags       TEXT NOT NULL,
			raw         TEXT NOT NULL,
			received_at BIGINT NOT NULL,
			sscc        TEXT NOT NULL DEFAULT '',
			hub_at      TEXT NOT NULL DEFAULT '',
			UNIQUE (device, seq))`,
		`CREATE INDEX IF NOT EXISTS events_lot ON events(lot, gtin)`,
		`CREATE INDEX IF NOT EXISTS events_serial ON events(serial)`,
		`CREATE INDEX IF NOT EXISTS events_received ON events(received_at)`,
		// Event ids are unique across the site: a push looks its new ids
		// up here (see lifecycle.go).
		`CREATE INDEX IF NOT EXISTS events_id ON events(id)`,
		// Seqs of a device's later incarnation whose event the hub
		// already held under an earlier seq or device: not stored twice,
		// but remembered so a later divergence on them is still seen.
		`CREATE TABLE IF NOT EXISTS recognised (
			device   TEXT NOT NULL,
			seq      BIGINT NOT NULL,
			event_id TEXT NOT NULL,
			PRIMARY KEY (device, seq))`,
		`CREATE TABLE IF NOT EXISTS stock (
			gtin       TEXT NOT NULL,
			lot        TEXT NOT NULL,
			loc        TEXT NOT NULL,
			qty        BIGINT NOT NULL,
			last_event TEXT NOT NULL,
			version    BIGINT NOT NULL DEFAULT 0,
			PRIMARY KEY (gtin, lot, loc))`,
		`CREATE TABLE IF NOT EXISTS serials (
			gtin       TEXT NOT NULL,
			serial     TEXT NOT NULL,
			lot        TEXT NOT NULL,
			status     TEXT NOT NULL,
			loc        TEXT NOT NULL,
			last_event TEXT NOT NULL,
			last_kind  TEXT NOT NULL,
			version     BIGINT NOT NULL DEFAULT 0,
			prev_loc    TEXT NOT NULL DEFAULT '',
			last_device TEXT NOT NULL DEFAULT '',
			last_seq    BIGINT NOT NULL DEFAULT 0,
			last_at     TEXT NOT NULL DEFAULT '',
			last_doc    TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (gtin, serial))`,
		`CREATE TABLE IF NOT EXISTS master (
			kind       TEXT NOT NULL,
			key        TEXT NOT NULL,
			body       TEXT NOT NULL,
			version    BIGINT NOT NULL,
			updated_at BIGINT NOT NULL,
			PRIMARY KEY (kind, key))`,
		`CREATE INDEX IF NOT EXISTS master_version ON master(version)`,
		`CREATE TABLE IF NOT EXISTS exceptions (
			id          AUTOID,
			code        TEXT NOT NULL,
			message     TEXT NOT NULL,
			event_id    TEXT NOT NULL,
			device      TEXT NOT NULL,
			seq         BIGINT NOT NULL,
			other_event TEXT NOT NULL,
			raised_at   BIGINT NOT NULL,
			resolved_at BIGINT NOT NULL DEFAULT 0,
			note        TEXT NOT NULL DEFAULT '',
			version     BIGINT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS exceptions_device ON exceptions(device, version)`,
		// What each device's events did to each document line (received,
		// picked, shipped, returned), pulled by the other devices.
		`CREATE TABLE IF NOT EXISTS doc_progress (
			doc      TEXT NOT NULL,
			kind     TEXT NOT NULL,
			doc_line BIGINT NOT NULL,
			device   TEXT NOT NULL,
			qty      BIGINT NOT NULL,
			version  BIGINT NOT NULL,
			PRIMARY KEY (doc, kind, doc_line, device))`,
		`CREATE INDEX IF NOT EXISTS doc_progress_version ON doc_progress(version)`,
		// A hub that held events before doc_progress existed fills it once
		// from them, under one new version so terminals pull it. The
		// counter row marks it done, so later starts do not look at the
		// ledger; a start interrupted half-way fills again without
		// counting twice (ON CONFLICT DO NOTHING).
		`INSERT INTO counters(name, value) VALUES ('doc_progress_filled', 0) ON CONFLICT (name) DO NOTHING`,
		`UPDATE counters SET value = value + 1 WHERE name = 'version'
			AND (SELECT value FROM counters WHERE name = 'doc_progress_filled') = 0
			AND EXISTS (SELECT 1 FROM events WHERE doc <> '' AND ` + progressKinds + `)`,
		`INSERT INTO doc_progress (doc, kind, doc_line, device, qty, version)
			SELECT doc, kind, doc_line, device, SUM(qty), (SELECT value FROM counters WHERE name = 'version') FROM events
			WHERE (SELECT value FROM counters WHERE name = 'doc_progress_filled') = 0
				AND doc <> '' AND ` + progressKinds + `
				AND id NOT IN (SELECT event_id FROM exceptions WHERE code = 'invalid_event')
			GROUP BY doc, kind, doc_line, device
			ON CONFLICT (doc, kind, doc_line, device) DO NOTHING`,
		`UPDATE counters SET value = 1 WHERE name = 'doc_progress_filled'`,
	}
	// Newer tables go last: see consoleSchema (users.go).
	stmts = append(stmts, consoleSchema...)
	for i, s := range stmts {
		stmts[i] = strings.ReplaceAll(s, "AUTOID", autoID)
	}
	return stmts
}

// Column is a column added to a table after the table was first created.
// CREATE TABLE IF NOT EXISTS leaves a table from an older hub as it was, so
// a store adds each missing one with [Column.AddSQL] when it opens.
type Column struct {
	Table, Name, Def string
}

// Added lists the columns later versions added, oldest first. A column
// added here must also be in the CREATE TABLE in [Schema] (new stores get
// it there) and must have a DEFAULT so existing rows get a value.
var Added = []Column{
	// The pallet label (00) an event's unit arrived or moves under.
	{Table: "events", Name: "sscc", Def: "TEXT NOT NULL DEFAULT ''"},
	// The site's projections travel to terminals by version (see
	// SiteSchema); a serial row also says where the unit was before its
	// last change (so a terminal limited to a warehouse learns that a unit
	// left it) and which device's event last changed it.
	{Table: "stock", Name: "version", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "serials", Name: "version", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "serials", Name: "prev_loc", Def: "TEXT NOT NULL DEFAULT ''"},
	{Table: "serials", Name: "last_device", Def: "TEXT NOT NULL DEFAULT ''"},
	{Table: "serials", Name: "last_seq", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "serials", Name: "last_at", Def: "TEXT NOT NULL DEFAULT ''"},
	{Table: "serials", Name: "last_doc", Def: "TEXT NOT NULL DEFAULT ''"},
	// How many enrolments started the device's ledger over, and since
	// when a copy of it has pushed a seq the hub holds with another event
	// (docs/device-lifecycle.md).
	{Table: "devices", Name: "incarnation", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "devices", Name: "diverged_at", Def: "BIGINT NOT NULL DEFAULT 0"},
	// A device's clock offset (device minus hub, nanoseconds) as of its
	// last push, since when it is past the limit (clock.go), and each
	// event's corrected time (RFC 3339, the hub's clock).
	{Table: "devices", Name: "clock_offset", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "devices", Name: "skew_since", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "events", Name: "hub_at", Def: "TEXT NOT NULL DEFAULT ''"},
	// The unsent queue a terminal reported with its last pull: length,
	// the oldest event's queue time on the hub's clock (its device time
	// minus clock_offset), and when it was reported.
	{Table: "devices", Name: "queue_len", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "devices", Name: "queue_oldest", Def: "BIGINT NOT NULL DEFAULT 0"},
	{Table: "devices", Name: "queue_at", Def: "BIGINT NOT NULL DEFAULT 0"},
}

// AddSQL is the ALTER TABLE that adds c; ifNotExists makes it a no-op
// where the column is already there (PostgreSQL has the clause, SQLite
// does not).
func (c Column) AddSQL(ifNotExists bool) string {
	clause := ""
	if ifNotExists {
		clause = "IF NOT EXISTS "
	}
	return "ALTER TABLE " + c.Table + " ADD COLUMN " + clause + c.Name + " " + c.Def
}
