package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
)

// hubTrace is what scanterm reads of the hub's LotTrace or SerialTrace:
// the events of every terminal and, for a lot, where it is on hand.
type hubTrace struct {
	GTIN     string            `json:"gtin"`
	Lot      string            `json:"lot"`
	Status   string            `json:"status"`
	Location string            `json:"location"`
	Events   []inventory.Event `json:"events"`
	Now      []struct {
		Location string `json:"location"`
		Qty      int64  `json:"qty"`
	} `json:"now"`
}

// siteTrace follows a text trace with what the hub holds across every
// terminal, when this terminal is enrolled; offline it says the trace
// above is this terminal's records only, and why.
func siteTrace(ctx context.Context, w io.Writer, db *localdb.DB, dir, what, key, gtin string) error {
	e, err := client.LoadEnrollment(dir)
	if errors.Is(err, client.ErrNotEnrolled) {
		return nil // a terminal on its own: its ledger is the whole story
	}
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	c := client.New(db, e, client.Options{Timeout: 5 * time.Second, AppVersion: version})
	defer c.Close()
	var trs []hubTrace
	if err := c.HubTrace(ctx, what, key, localdb.NormalizeGTIN(gtin), &trs); err != nil {
		fmt.Fprintf(w, "\nThis terminal's records only: the hub could not be asked for other terminals' events (%v).\n", err)
		return nil
	}
	fmt.Fprintf(w, "\nAcross the site (the hub, every terminal):\n")
	if len(trs) == 0 {
		fmt.Fprintln(w, "  the hub holds no event of it")
		return nil
	}
	for _, tr := range trs {
		switch what {
		case "serial":
			fmt.Fprintf(w, "%s: %s %s\n", tr.GTIN, tr.Status, orDash(tr.Location))
		default:
			fmt.Fprintf(w, "%s lot %s, on hand:", tr.GTIN, tr.Lot)
			if len(tr.Now) == 0 {
				fmt.Fprint(w, " none")
			}
			for _, n := range tr.Now {
				fmt.Fprintf(w, " %s %d", n.Location, n.Qty)
			}
			fmt.Fprintln(w)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  DEVICE\tSEQ\tAT\tKIND\tLOT\tSERIAL\tQTY\tFROM\tTO\tDOC")
		for _, e := range tr.Events {
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.Device, e.Seq, stamp(e.At), e.Kind, orDash(e.Lot), orDash(e.Serial),
				e.Qty, orDash(e.From), orDash(e.To), orDash(e.Doc))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
