-- Schema version 10: document progress follows the site view's rule (see
-- replica.go): the hub's totals per line and device, this terminal's own
-- included, as of the last complete pull, plus this terminal's own events
-- the hub had not applied then (seq above included_seq). Before, the hub
-- left a terminal's own rows out and the terminal counted its whole
-- ledger, which counted twice the events a copied data folder shares with
-- the original, and missed the events a restored folder no longer holds.
--
-- included_progress is the ledger's part that the hub's rows already hold
-- (own events up to included_seq), subtracted from doc_progress to leave
-- the overlay. hub_progress_pending holds progress rows of a pull's pages
-- until its last page, so the hub's totals and included_seq change together.
CREATE TABLE included_progress (
	doc      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	doc_line INTEGER NOT NULL,
	qty      INTEGER NOT NULL,
	PRIMARY KEY (doc, kind, doc_line)
) WITHOUT ROWID;
INSERT INTO included_progress (doc, kind, doc_line, qty)
	SELECT doc, kind, doc_line, SUM(qty) FROM events
	WHERE doc <> '' AND seq <= COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'included_seq'), 0)
	GROUP BY doc, kind, doc_line;

CREATE TABLE hub_progress_pending (
	doc      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	doc_line INTEGER NOT NULL,
	device   TEXT NOT NULL,
	qty      INTEGER NOT NULL,
	version  INTEGER NOT NULL,
	PRIMARY KEY (doc, kind, doc_line, device)
) WITHOUT ROWID;

-- The hub sent no row of this terminal's own before, and will send one
-- only when it changes: stand in for it with the included part (version
-- 0, so any row from the hub replaces it). The answers stay as they were.
INSERT INTO hub_progress (doc, kind, doc_line, device, qty, version)
	SELECT doc, kind, doc_line, (SELECT value FROM meta WHERE key = 'device'), qty, 0 FROM included_progress
	WHERE kind IN ('receive', 'pick', 'ship', 'return')
		AND COALESCE((SELECT value FROM meta WHERE key = 'device'), '') <> ''
	ON CONFLICT (doc, kind, doc_line, device) DO NOTHING;
