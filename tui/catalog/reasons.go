package catalog

import (
	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/flow"
)

// OverrideReasons lists the active override reason codes the hub sent,
// by code.
func (c *Catalog) OverrideReasons() ([]inventory.Reason, error) {
	return c.db.Reasons(c.ctx, false)
}

var _ flow.ReasonSource = (*Catalog)(nil)
