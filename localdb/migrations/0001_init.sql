-- Schema version 1: the ledger, the outbox, master data and projections.
-- Never edit a released migration; add a new file instead.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- The ledger. seq is the per-device gapless sequence (this file is one
-- device); events are append-only, enforced by the triggers below.
CREATE TABLE events (
	seq      INTEGER PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	operator TEXT NOT NULL,
	at       INTEGER NOT NULL, -- device clock, Unix nanoseconds UTC
	kind     TEXT NOT NULL CHECK (kind IN ('receive','putaway','move','pick','ship','return','count','adjust')),
	gtin     TEXT NOT NULL,
	lot      TEXT NOT NULL DEFAULT '',
	serial   TEXT NOT NULL DEFAULT '',
	expiry   TEXT NOT NULL DEFAULT '',
	qty      INTEGER NOT NULL,
	from_loc TEXT NOT NULL DEFAULT '',
	to_loc   TEXT NOT NULL DEFAULT '',
	doc      TEXT NOT NULL DEFAULT '',
	doc_line INTEGER NOT NULL DEFAULT 0,
	override TEXT NOT NULL DEFAULT '',
	note     TEXT NOT NULL DEFAULT '',
	flags    TEXT NOT NULL DEFAULT '', -- comma-separated
	raw      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_lot ON events (lot, gtin);
CREATE INDEX events_serial ON events (serial, gtin);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record an adjust event instead'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record an adjust event instead'); END;

-- Events the hub has not acknowledged yet.
CREATE TABLE outbox (
	seq       INTEGER PRIMARY KEY REFERENCES events (seq),
	queued_at INTEGER NOT NULL -- Unix nanoseconds, device clock
);

CREATE TABLE products (
	gtin            TEXT PRIMARY KEY,
	sku             TEXT NOT NULL DEFAULT '',
	name            TEXT NOT NULL DEFAULT '',
	tracking        TEXT NOT NULL,
	expiry_required INTEGER NOT NULL DEFAULT 0,
	uom             TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE locations (
	code      TEXT PRIMARY KEY,
	barcode   TEXT NOT NULL DEFAULT '',
	kind      TEXT NOT NULL DEFAULT '',
	warehouse TEXT NOT NULL DEFAULT '',
	version   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX locations_barcode ON locations (barcode);

-- Lot master data: from the hub (version >= 1) or first seen at a receipt
-- (version 0, expiry from the scan).
CREATE TABLE lots (
	gtin        TEXT NOT NULL,
	lot         TEXT NOT NULL,
	expiry      TEXT NOT NULL DEFAULT '',
	best_before TEXT NOT NULL DEFAULT '',
	production  TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'released',
	version     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;
CREATE INDEX lots_lot ON lots (lot);

-- Projection: quantity on hand per product+lot+location (rows at 0 are removed).
CREATE TABLE stock (
	gtin     TEXT NOT NULL,
	lot      TEXT NOT NULL,
	location TEXT NOT NULL,
	qty      INTEGER NOT NULL,
	PRIMARY KEY (gtin, lot, location)
) WITHOUT ROWID;
CREATE INDEX stock_location ON stock (location);

-- Projection: one row per serialised unit ever seen.
CREATE TABLE serials (
	gtin     TEXT NOT NULL,
	serial   TEXT NOT NULL,
	lot      TEXT NOT NULL DEFAULT '',
	status   TEXT NOT NULL,
	location TEXT NOT NULL DEFAULT '',
	last_seq INTEGER NOT NULL,
	PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE INDEX serials_serial ON serials (serial);
