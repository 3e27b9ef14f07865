-- Schema version 8: a product's minimum remaining shelf life (days a lot
-- must have left to be picked or shipped; 0 = none; a sales order's
-- customer minimum travels in the order's body), and the override reason
-- codes the hub sends as master data: what an operator chooses from when
-- overruling a rule (another lot than the pick list's, an over-receipt,
-- an expiry warning). The code is recorded on the event.
ALTER TABLE products ADD COLUMN min_shelf_life_days INTEGER NOT NULL DEFAULT 0;

CREATE TABLE reasons (
	code    TEXT PRIMARY KEY,
	label   TEXT NOT NULL,
	active  INTEGER NOT NULL DEFAULT 1,
	version INTEGER NOT NULL
) WITHOUT ROWID;
