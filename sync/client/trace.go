package client

import (
	"context"
	"fmt"
	"net/url"
)

// HubTrace asks the hub for its trace of a lot or a serial (what is "lot"
// or "serial") across every terminal, gtin optional, and decodes the JSON
// answer (the hub's LotTrace or SerialTrace list) into out. A terminal's
// own ledger holds only its own events; this is the rest, when online.
func (c *Client) HubTrace(ctx context.Context, what, key, gtin string, out any) error {
	if c.tErr != nil {
		return c.tErr
	}
	if what != "lot" && what != "serial" {
		return fmt.Errorf("hub trace: %q is neither lot nor serial", what)
	}
	q := url.Values{what: {key}}
	if gtin != "" {
		q.Set("gtin", gtin)
	}
	if err := c.t.do(ctx, "GET", "/v1/trace/"+what, q, nil, out); err != nil {
		return fmt.Errorf("hub trace of %s %s: %w", what, key, err)
	}
	return nil
}
