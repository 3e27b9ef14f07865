package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

func cmdDevice(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "device", "scanhub device add|list|revoke|reinstate [NAME] [--json] [--ttl D] [--db DSN]",
		"Manage terminals. add prints a one-time enrolment code for scanterm enroll;\nlist shows the devices; revoke stops a device's token at once. reinstate\nprints a new one-time code for a revoked device under its own name: the\nterminal enrols again (scanterm enroll) and delivers the events it still\nqueues; the hub keeps the device's events and acknowledged seq, and the old\ntoken stays refused. A diverged device (its data folder restored from a\nbackup) is reinstated the same way: its enrolment starts a new incarnation\nand the terminal delivers every event the hub lacks. A copy of a terminal\non a second handheld is enrolled as a new device with add.",
		"scanhub device add dock-1 --json")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	ttl := fs.Duration("ttl", hub.DefaultCodeTTL, "how long an enrolment code stays valid")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: device: want add NAME, list, revoke NAME or reinstate NAME", errUsage)
	}
	switch pos[0] {
	case "add", "revoke", "reinstate":
		if err := wantArgs(fs, pos[1:], 1, "a device NAME"); err != nil {
			return err
		}
		if pos[0] == "add" {
			if err := hub.ValidDeviceName(pos[1]); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
		}
	case "list":
		if err := wantArgs(fs, pos[1:], 0, "no NAME"); err != nil {
			return err
		}
		return listDevices(ctx, e, *db, *asJSON)
	default:
		return fmt.Errorf("%w: device: unknown action %q; want add, list, revoke or reinstate", errUsage, pos[0])
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	name := pos[1]
	if pos[0] == "revoke" {
		if err := st.RevokeDevice(ctx, name, time.Now()); err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(map[string]any{"device": name, "revoked": true})
		}
		fmt.Fprintf(e.stdout, "device %s revoked; its token no longer works\n", name)
		return nil
	}
	var code string
	if pos[0] == "reinstate" {
		code, err = hub.ReinstateDevice(ctx, st, name, *ttl, time.Now())
	} else {
		code, err = hub.AddDevice(ctx, st, name, *ttl, time.Now())
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(struct {
			Device string `json:"device"`
			Code   string `json:"code"`
		}{name, code})
	}
	fmt.Fprintf(e.stdout, "device %s: one-time code %s (valid %s)\non the terminal: scanterm enroll HUB_URL %s\n", name, code, *ttl, code)
	return nil
}

func cmdDevices(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "devices", "scanhub devices [--json] [--db DSN]",
		"List devices with when they were last seen, the highest seq the hub holds\nwithout a gap, their app version and whether they are revoked.",
		"scanhub devices --json")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON lines")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 0, "no arguments"); err != nil {
		return err
	}
	return listDevices(ctx, e, *db, *asJSON)
}

func listDevices(ctx context.Context, e env, db string, asJSON bool) error {
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := st.Devices(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, d := range ds {
			if err := enc.Encode(d); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tSTATE\tLAST SEEN\tACKED SEQ\tQUEUE\tCLOCK\tAPP VERSION")
	for _, d := range ds {
		state := "enrolled"
		switch {
		case d.Revoked:
			state = "revoked"
		case d.Diverged:
			state = "diverged"
		case !d.Enrolled:
			state = "code issued"
		}
		seen := "never"
		if !d.LastSeen.IsZero() {
			seen = d.LastSeen.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", d.Name, state, seen, d.AckSeq, queueWords(d, time.Now()), clockWords(d), d.AppVersion)
	}
	return tw.Flush()
}

// queueWords is a device's last queue report: "-" before any, else the
// count and, when some wait, how long the oldest has.
func queueWords(d store.Device, now time.Time) string {
	switch {
	case d.QueueReported.IsZero():
		return "-"
	case d.Queue == 0 || d.QueueOldest.IsZero():
		return strconv.FormatInt(d.Queue, 10)
	}
	return fmt.Sprintf("%d (oldest %s)", d.Queue, now.Sub(d.QueueOldest).Round(time.Minute))
}

// clockWords is how far a device's clock was off the hub's at its last
// push, signed (ahead is +), or "ok" within store.ClockExact.
func clockWords(d store.Device) string {
	if d.LastSeen.IsZero() || d.ClockOffset.Abs() < store.ClockExact {
		return "ok"
	}
	if d.ClockOffset > 0 {
		return "+" + d.ClockOffset.Round(time.Second).String()
	}
	return d.ClockOffset.Round(time.Second).String()
}
