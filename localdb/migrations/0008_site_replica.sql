-- Schema version 8: the site as the hub holds it. Pulls bring the hub's
-- stock and serial rows (every terminal's events applied) into the
-- replica tables; the stock and serials tables become the terminal's
-- view: the replica as of the last complete pull plus this terminal's own
-- events the hub had not applied then (seq above meta included_seq).
-- Rows above meta settled_version came with a pull whose last page has
-- not arrived yet: the view is rebuilt from them when it does.
CREATE TABLE replica_stock (
	gtin     TEXT NOT NULL,
	lot      TEXT NOT NULL,
	location TEXT NOT NULL,
	qty      INTEGER NOT NULL,
	version  INTEGER NOT NULL,
	PRIMARY KEY (gtin, lot, location)
) WITHOUT ROWID;
CREATE INDEX replica_stock_version ON replica_stock (version);

CREATE TABLE replica_serials (
	gtin        TEXT NOT NULL,
	serial      TEXT NOT NULL,
	lot         TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	location    TEXT NOT NULL DEFAULT '',
	last_event  TEXT NOT NULL DEFAULT '',
	last_kind   TEXT NOT NULL DEFAULT '',
	last_device TEXT NOT NULL DEFAULT '',
	last_seq    INTEGER NOT NULL DEFAULT 0,
	last_at     INTEGER NOT NULL DEFAULT 0,
	last_doc    TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL,
	PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE INDEX replica_serials_version ON replica_serials (version);

-- A unit whose last event another terminal recorded has no row in this
-- ledger to join (last_seq 0): its row says what that event was.
ALTER TABLE serials ADD COLUMN last_event TEXT NOT NULL DEFAULT '';
ALTER TABLE serials ADD COLUMN last_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE serials ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE serials ADD COLUMN last_device TEXT NOT NULL DEFAULT '';
ALTER TABLE serials ADD COLUMN last_doc TEXT NOT NULL DEFAULT '';
