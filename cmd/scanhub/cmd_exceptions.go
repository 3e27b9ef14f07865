package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

func cmdExceptions(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "exceptions", "scanhub exceptions [--open] [--device NAME] [--json] [--db DSN]\n       scanhub exceptions resolve ID --note TEXT [--db DSN]",
		"List the conflicts the hub found when it re-checked the rules (a serial in two\nplaces, shipped twice, stock below zero, a recalled lot moved, a quarantined or\nexpired lot picked or shipped, an event it could not apply). Every event is\nkept; an exception names it and the event it conflicts with. resolve closes one\nwith a note; the terminal that raised it learns on its next pull. Each code and\nwhat to do: docs/exceptions.md.",
		"scanhub exceptions resolve 3 --note \"counted A-01, stock is right\"")
	db := dbFlag(fs)
	open := fs.Bool("open", false, "only unresolved exceptions")
	dev := fs.String("device", "", "only exceptions on events of device `NAME`")
	note := fs.String("note", "", "resolve: what was found and done (required)")
	asJSON := fs.Bool("json", false, "print JSON lines")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		if pos[0] != "resolve" || len(pos) != 2 {
			return fmt.Errorf("%w: exceptions: want: exceptions resolve ID --note TEXT", errUsage)
		}
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil || id < 1 {
			return fmt.Errorf("%w: exceptions resolve: ID %q: want a number from scanhub exceptions", errUsage, pos[1])
		}
		if strings.TrimSpace(*note) == "" {
			return fmt.Errorf("%w: exceptions resolve: --note is required: say what was found and done", errUsage)
		}
		st, err := openStore(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		x, err := st.ResolveException(ctx, id, *note, time.Now())
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(x)
		}
		fmt.Fprintf(e.stdout, "exception %d resolved\n", x.ID)
		return nil
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	xs, err := st.Exceptions(ctx, hub.ExceptionFilter{Device: *dev, Unresolved: *open})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, x := range xs {
			if err := enc.Encode(x); err != nil {
				return err
			}
		}
		return nil
	}
	if len(xs) == 0 {
		fmt.Fprintln(e.stdout, "no exceptions")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tCODE\tDEVICE\tSEQ\tEVENT\tOTHER EVENT\tRAISED")
	for _, x := range xs {
		state := "open"
		if x.Resolved {
			state = "resolved"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", x.ID, state, x.Code, x.Device, x.Seq, x.EventID, dash(x.OtherEvent), x.RaisedAt.Local().Format("2006-01-02 15:04"))
	}
	tw.Flush()
	for _, x := range xs {
		fmt.Fprintf(e.stdout, "\n#%d %s\n", x.ID, x.Message)
		if x.Note != "" {
			fmt.Fprintf(e.stdout, "   resolved: %s\n", x.Note)
		}
	}
	return nil
}
