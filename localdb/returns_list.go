package localdb

import (
	"context"

	"github.com/scanterm/scanterm/inventory"
)

// OpenReturnAuths lists return authorisations with status open, by ID:
// the terminal's "which returns are expected?" list.
func (db *DB) OpenReturnAuths(ctx context.Context) ([]inventory.ReturnAuth, error) {
	return openDocs[inventory.ReturnAuth](ctx, db, docRA)
}
