package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/wire"
)

func cmdEnroll(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("enroll", s, "scanterm enroll URL CODE [--fingerprint F] [--warehouse W]... [--data DIR] | scanterm enroll LINK [--warehouse W]... [--data DIR]",
		`Enrol this terminal with a hub: trade the one-time CODE that
"scanhub device add NAME" printed for a device token, store it in
DIR/enrollment.json (mode 0600), name the local database after the device,
then sync once (push anything queued, pull master data and documents).

Over https the hub's certificate is pinned. Give --fingerprint with what
"scanhub serve" printed when the hub uses a self-signed certificate; without
it the certificate must be signed by a trusted authority. Plain http is
accepted for a hub on this machine (127.0.0.1, localhost) only, unless
--insecure-http is given.

The terminal pulls the site's stock and serial state (what every terminal
did); --warehouse W, repeated for several, limits it to those warehouses'
locations, so a handheld in one building does not carry another's units.
The limit is stored with the enrolment; enrolling again with another limit
pulls the site's state afresh.

Enrolling again (for example after the token was revoked) replaces the
stored enrolment and keeps the queued events. When the hub refused this
terminal's pushes because its ledger diverged (its data folder was restored
from a backup or copied), a code from "scanhub device reinstate NAME", or
for a copy from "scanhub device add NEWNAME", starts a new incarnation: the
terminal sends its whole ledger again, the hub stores what it lacks and
recognises what it holds.

LINK is what the QR code on the web console's "Enrol a terminal" page
holds (scanterm:enroll?hub=…&code=…&fp=…): the hub URL, the code and the
fingerprint in one argument.

Example:
  scanterm enroll https://hub.example:8765 K7P2-M9QX --fingerprint sha256:4f1c...`)
	fingerprint := fs.String("fingerprint", "", "expected hub certificate `sha256:HEX` (as scanhub serve prints it)")
	insecure := fs.Bool("insecure-http", false, "allow plain http to a hub that is not on this machine")
	var warehouses stringList
	fs.Var(&warehouses, "warehouse", "pull only the stock and units of warehouse `W` (repeat for several; default the whole site)")
	data := dataDirFlag(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	var hubURL, code string
	switch {
	case len(pos) == 1:
		// A scanned enrolment QR code carries all three.
		link, err := wire.ParseEnrollLink(pos[0])
		if err != nil {
			return fmt.Errorf("%w: enroll: %v (see scanterm enroll --help)", errUsage, err)
		}
		hubURL, code = link.HubURL, link.Code
		if *fingerprint == "" {
			*fingerprint = link.Fingerprint
		}
	case len(pos) == 2:
		hubURL, code = pos[0], pos[1]
	default:
		return fmt.Errorf("%w: enroll wants URL and CODE, got %d arguments (see scanterm enroll --help)", errUsage, len(pos))
	}

	if err := os.MkdirAll(*data, 0o700); err != nil {
		return fmt.Errorf("enroll: data folder: %w", err)
	}
	db, err := localdb.Open(ctx, filepath.Join(*data, dbFile), localdb.Options{})
	if err != nil {
		return fmt.Errorf("enroll: %w", err)
	}
	defer db.Close()

	e, err := client.Enroll(ctx, hubURL, code, client.EnrollOptions{
		Fingerprint: *fingerprint, AllowHTTP: *insecure, AppVersion: version,
	})
	if err != nil {
		return fmt.Errorf("enroll: %w", err)
	}
	incarnation, err := client.Adopt(ctx, db, e)
	if err != nil {
		return fmt.Errorf("enroll: %w", err)
	}
	for _, w := range warehouses {
		if w = strings.TrimSpace(w); w != "" && !slices.Contains(e.Warehouses, w) {
			e.Warehouses = append(e.Warehouses, w)
		}
	}
	prev, perr := client.LoadEnrollment(*data)
	if perr == nil && !slices.Equal(prev.Warehouses, e.Warehouses) {
		// Rows of a warehouse no longer wanted must go, and those of one
		// newly wanted were never pulled: start the site's state afresh.
		if err := db.ResetSite(ctx); err != nil {
			return fmt.Errorf("enroll: %w", err)
		}
	}
	if err := client.SaveEnrollment(*data, e); err != nil {
		return fmt.Errorf("enroll: %w", err)
	}
	if perr == nil {
		fmt.Fprintf(s.Out, "replaced the enrolment of device %s with hub %s\n", prev.Device, prev.HubURL)
	}
	fmt.Fprintf(s.Out, "enrolled as device %s with hub %s\n", e.Device, e.HubURL)
	if incarnation != "" {
		fmt.Fprintln(s.Out, incarnation)
	}
	switch {
	case e.Trust == client.TrustAuthority:
		fmt.Fprintf(s.Out, "hub certificate verified by a trusted authority and the host name, not pinned (renewals need no re-enrolment; seen %s)\n", e.Fingerprint)
	case e.Fingerprint != "":
		fmt.Fprintf(s.Out, "pinned hub certificate %s\n", e.Fingerprint)
	}
	if len(e.Warehouses) > 0 {
		fmt.Fprintf(s.Out, "limited to warehouse %s\n", strings.Join(e.Warehouses, ", "))
	}
	fmt.Fprintf(s.Out, "saved %s (mode 0600)\n", filepath.Join(*data, client.EnrollmentFile))

	c := client.New(db, e, client.Options{AppVersion: version})
	defer c.Close()
	rep, err := c.SyncOnce(ctx)
	if err != nil {
		// The enrolment stands; a later sync retries.
		fmt.Fprintf(s.Err, "first sync failed (the enrolment is kept; run scanterm sync later): %v\n", err)
		return nil
	}
	fmt.Fprintf(s.Out, "first sync: %s\n", summarizeReport(rep))
	return nil
}

// parseInterspersed parses flags wherever they stand among positional
// arguments ("enroll URL CODE --data D" as well as "enroll --data D URL
// CODE"); "--" ends flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// summarizeReport says in one line what a sync round did.
func summarizeReport(r client.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pushed %d %s in %d %s", r.Pushed, syncPlural(r.Pushed, "event", "events"), r.Batches, syncPlural(r.Batches, "batch", "batches"))
	if r.AckSeq > 0 {
		fmt.Fprintf(&b, " (hub holds seq 1..%d)", r.AckSeq)
	}
	if r.Resent > 0 {
		fmt.Fprintf(&b, ", %d resent after a gap", r.Resent)
	}
	if r.RejectedCount > 0 {
		fmt.Fprintf(&b, ", %d stored as %s", r.RejectedCount, syncPlural(r.RejectedCount, "an exception", "exceptions"))
	}
	fmt.Fprintf(&b, "; pulled %d %s in %d %s; queue %d", r.Pulled, syncPlural(r.Pulled, "change", "changes"), r.Pages, syncPlural(r.Pages, "page", "pages"), r.Queue)
	if r.Error != "" {
		fmt.Fprintf(&b, "; error: %s", r.Error)
	}
	return b.String()
}

func syncPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
