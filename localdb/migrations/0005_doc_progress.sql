-- Schema version 5: how much of each document line is done, kept as a
-- projection (maintained by Append and Rebuild like stock), so the
-- receiving screen's per-step "received 1,234 of 2,000" reads a few rows
-- instead of summing every receipt of the PO.
CREATE TABLE doc_progress (
	doc      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	doc_line INTEGER NOT NULL,
	qty      INTEGER NOT NULL,
	PRIMARY KEY (doc, kind, doc_line)
) WITHOUT ROWID;
INSERT INTO doc_progress (doc, kind, doc_line, qty)
	SELECT doc, kind, doc_line, SUM(qty) FROM events WHERE doc <> '' GROUP BY doc, kind, doc_line;
