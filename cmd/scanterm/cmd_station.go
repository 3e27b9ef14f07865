package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/gs1"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/station"
)

func cmdStation(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("station", s,
		"scanterm station WORKFLOW [--po ID] [--pick ID] [--order ID] [--ra ID] [--location CODE] [--operator ID] [--source SPEC] [--gs SUBST] [--json] [--data DIR]",
		`Run one workflow unattended, for fixed scanners (receiving dock, pack
station, conveyor) and scripts. Every scan goes through the workflow with the
fixed context given by the flags; what it completes is recorded in the
terminal's database, and one line per scan is printed once its events are
committed. A bad scan never stops the station: it is reported and the next
scan is taken. The station ends at the end of its input (stdin) or on Ctrl-C.

WORKFLOW is one of: receive, putaway, move, pick, ship, return, count, lookup.
  receive  --po ID [--location CODE]  each label is received (qty 1, or the
           label's count) into --location against the PO
  putaway  [--location CODE]          each item goes from where it is to --location
  move     --location CODE            first scan the from-location, then items
  pick     --pick ID --location CODE  each unit picked to --location (the drop)
  ship     [--order ID | --pick ID] [--location CODE]
           each picked unit shipped; without an order, a serial ships on the
           order it was picked for (ship-verify at a pack station)
  return   [--ra ID] --location CODE  quarantine location: returns go to
           quarantine, any other: restock
  count    --location CODE            each scan adds one unit to the count
  lookup                              describes each scan, records nothing

With --json each line is an object:
  {"ok":true,"verdict":"ok","event":{"id":"...","seq":N},...}
  {"ok":false,"verdict":"error","reason":"...",...}
("verdict" is ok, warning or error; "events" lists all events when one scan
recorded several; "next" says what the workflow waits for when a scan
completed nothing yet.) Scanner status goes to stderr.

Example:
  printf '(01)09506000134352(17)271231(10)L1\n' |
    scanterm station receive --po PO-1001 --location DOCK-1 --json --data ./var/term
  scanterm station ship --source 'serial:/dev/ttyUSB0?baud=9600&suffix=crlf' --location PACK-1`)
	po := fs.String("po", "", "purchase order `ID` (receive)")
	pick := fs.String("pick", "", "pick list `ID` (pick; ship uses its order)")
	order := fs.String("order", "", "sales order `ID` (ship)")
	ra := fs.String("ra", "", "return authorisation `ID` (return)")
	loc := fs.String("location", "", "the station's location `CODE`")
	op := fs.String("operator", "station", "operator `ID` or badge stamped on every event (a named one must be known and active)")
	src := fs.String("source", "stdin", "scanner `SPEC`: stdin, serial:PATH?baud=..&suffix=.., evdev:PATH, image:FILE")
	gsSub := fs.String("gs", "", "comma-separated `SUBST`itutes for the GS separator a scanner cannot send, e.g. '<GS>,^]'")
	asJSON := fs.Bool("json", false, "print one JSON object per scan")
	data := dataDirFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: station needs exactly one WORKFLOW (receive, putaway, move, pick, ship, return, count, lookup)", errUsage)
	}
	wf, err := flow.ParseWorkflow(pos[0])
	if err != nil {
		return fmt.Errorf("%w: station: %v", errUsage, err)
	}
	if err := stationFlagsFit(wf, *po, *pick, *order, *ra, *loc); err != nil {
		return err
	}
	source, err := scanner.Open(*src, scanner.Options{Stdin: s.In})
	if err != nil {
		return fmt.Errorf("%w: station --source: %v", errUsage, err)
	}
	var gopt *gs1.Options
	if *gsSub != "" {
		gopt = &gs1.Options{Separators: strings.Split(*gsSub, ",")}
	}

	// A station does not sync itself: its date rules (expiry) use the
	// clock offset the last sync saved, as the events' checks do.
	clock := client.NewClock(nil)
	db, err := openTerminalDB(ctx, *data, localdb.Options{ClockOffset: clock.Offset})
	if err != nil {
		return fmt.Errorf("station: %w", err)
	}
	defer db.Close()
	if err := seedClock(ctx, db, clock); err != nil {
		return fmt.Errorf("station: %w", err)
	}
	if opSet := stationFlagGiven(fs, "operator"); opSet {
		// A named operator must be one the hub knows, or the ledger
		// would carry a name nobody can answer for.
		o, err := db.Operator(ctx, *op)
		if err != nil {
			return fmt.Errorf("station: operator %q: %w", *op, err)
		}
		if !o.Active {
			return fmt.Errorf("station: operator %q is not active", *op)
		}
		*op = o.ID
	}
	st, err := station.New(ctx, db, station.Config{
		Workflow: wf,
		Context: flow.Context{
			Operator: *op, PO: *po, PickList: *pick, SalesOrder: *order,
			ReturnAuth: *ra, Location: *loc,
		},
		GS1:         gopt,
		ClockOffset: clock.Offset,
	})
	if err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(s.Err, "station %s ready: %s\n", wf, st.Prompt().Text)
	}
	enc := json.NewEncoder(s.Out)
	var (
		werr                   error
		scans, recorded, fails int
	)
	emit := func(r station.Result) {
		scans++
		switch {
		case !r.OK:
			fails++
		case r.Event != nil:
			recorded++
		}
		if werr != nil {
			return
		}
		if *asJSON {
			werr = enc.Encode(r)
		} else {
			werr = printResult(s.Out, r)
		}
	}
	status := func(st scanner.Status) {
		switch {
		case st.Err != nil:
			fmt.Fprintf(s.Err, "scanner %s: %v\n", st.Source, st.Err)
		case !*asJSON && st.Connected:
			fmt.Fprintf(s.Err, "scanner %s connected\n", st.Source)
		}
	}
	runErr := st.Run(ctx, source, emit, status)
	if !*asJSON {
		fmt.Fprintf(s.Err, "station %s: %d scans, %d recorded, %d refused\n", wf, scans, recorded, fails)
	}
	if runErr != nil {
		return runErr
	}
	if werr != nil {
		return fmt.Errorf("station: writing results: %w", werr)
	}
	return nil
}

// stationFlagGiven reports whether the command line set the flag.
func stationFlagGiven(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// stationFlagsFit refuses flags the workflow would ignore, and a station
// missing the one it cannot run without.
func stationFlagsFit(wf flow.Workflow, po, pick, order, ra, loc string) error {
	uses := map[flow.Workflow]string{
		flow.Receive: "po location", flow.Putaway: "location", flow.Move: "location",
		flow.Pick: "pick location", flow.Ship: "order pick location", flow.Return: "ra location",
		flow.Count: "location", flow.Lookup: "",
	}
	given := map[string]string{"po": po, "pick": pick, "order": order, "ra": ra, "location": loc}
	for _, name := range []string{"po", "pick", "order", "ra", "location"} {
		if given[name] != "" && !strings.Contains(" "+uses[wf]+" ", " "+name+" ") {
			return fmt.Errorf("%w: station %s does not take --%s", errUsage, wf, name)
		}
	}
	need := map[flow.Workflow][]string{
		flow.Receive: {"po"}, flow.Move: {"location"}, flow.Pick: {"pick", "location"},
		flow.Return: {"location"}, flow.Count: {"location"},
	}
	for _, name := range need[wf] {
		if given[name] == "" {
			return fmt.Errorf("%w: station %s needs --%s", errUsage, wf, name)
		}
	}
	if order != "" && pick != "" {
		return fmt.Errorf("%w: station ship takes --order or --pick, not both", errUsage)
	}
	return nil
}

// printResult writes one human line: verdict, reason, event seq.
func printResult(w io.Writer, r station.Result) error {
	tag := map[string]string{"ok": "OK   ", "warning": "WARN ", "error": "ERROR"}[r.Verdict]
	line := tag + " " + r.Reason
	switch {
	case len(r.Events) > 0:
		line += fmt.Sprintf("  [seq %d-%d]", r.Events[0].Seq, r.Events[len(r.Events)-1].Seq)
	case r.Event != nil:
		line += fmt.Sprintf("  [seq %d]", r.Event.Seq)
	case r.OK && r.Next != "":
		line += "  (next: " + r.Next + ")"
	}
	if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
		return err
	}
	for _, l := range r.Info {
		if _, err := fmt.Fprintln(w, "      "+l); err != nil {
			return err
		}
	}
	return nil
}
