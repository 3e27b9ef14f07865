-- Schema version 2: operators, documents, hub exceptions and rejections,
-- and the index that answers "how much of this document line is done".

CREATE TABLE operators (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL DEFAULT '',
	badge    TEXT NOT NULL DEFAULT '',
	pin_hash TEXT NOT NULL DEFAULT '',
	active   INTEGER NOT NULL DEFAULT 1,
	version  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX operators_badge ON operators (badge);

-- Documents as the hub sent them (body is the wire JSON); kind is
-- po | pick | so | ra.
CREATE TABLE documents (
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	status  TEXT NOT NULL,
	version INTEGER NOT NULL,
	body    TEXT NOT NULL,
	PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX documents_open ON documents (kind, status);

-- Exceptions the hub raised on this device's events (from pulls).
CREATE TABLE exceptions (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL,
	message     TEXT NOT NULL,
	event_id    TEXT NOT NULL DEFAULT '',
	seq         INTEGER NOT NULL DEFAULT 0,
	other_event TEXT NOT NULL DEFAULT '',
	raised_at   INTEGER NOT NULL DEFAULT 0,
	resolved    INTEGER NOT NULL DEFAULT 0,
	note        TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 0
);

-- Rejections the hub answered to a push, kept until the matching exception
-- arrives by pull.
CREATE TABLE rejections (
	seq         INTEGER PRIMARY KEY,
	exception   INTEGER NOT NULL,
	code        TEXT NOT NULL,
	message     TEXT NOT NULL,
	recorded_at INTEGER NOT NULL
);

CREATE INDEX events_doc ON events (doc, kind, doc_line);
-- Stock of a lot code across products (trace without a GTIN).
CREATE INDEX stock_lot ON stock (lot);
