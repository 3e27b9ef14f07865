package localdb

import (
	"context"

	"github.com/scanterm/scanterm/sync/wire"
)

// OpenReturnAuths lists return authorisations with status open, by ID:
// the terminal's "which returns are expected?" list.
func (db *DB) OpenReturnAuths(ctx context.Context) ([]wire.ReturnAuth, error) {
	return openDocs[wire.ReturnAuth](ctx, db, docRA)
}
