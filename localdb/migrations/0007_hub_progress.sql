-- Schema version 7: what other terminals did on each document line, as
-- the hub reports it on pull (one row per line and device, the hub's
-- total, replaced by newer versions). Received, Picked, Shipped and
-- Returned add it to this terminal's own doc_progress, so two terminals
-- receiving one PO both see its real progress and warn of over-receipt.
CREATE TABLE hub_progress (
	doc      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	doc_line INTEGER NOT NULL,
	device   TEXT NOT NULL,
	qty      INTEGER NOT NULL,
	version  INTEGER NOT NULL,
	PRIMARY KEY (doc, kind, doc_line, device)
) WITHOUT ROWID;
