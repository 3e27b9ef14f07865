package flowtest

import "github.com/scanterm/scanterm/inventory"

// OverrideReasons implements flow.ReasonSource: the active Reasons, in
// order.
func (c *Catalog) OverrideReasons() ([]inventory.Reason, error) {
	if c.Fail != nil {
		return nil, c.Fail
	}
	var out []inventory.Reason
	for _, r := range c.Reasons {
		if r.Active {
			out = append(out, r)
		}
	}
	return out, nil
}
