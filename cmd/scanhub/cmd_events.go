package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

// page bounds how many events one query holds in memory.
const page = 5000

// eachEvent calls fn for every event matching f, in hub order, a page at a
// time.
func eachEvent(ctx context.Context, st hub.Store, f hub.EventFilter, fn func(hub.Event) error) error {
	f.Limit = page
	for {
		evs, err := st.Events(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range evs {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(evs) < page {
			return nil
		}
		f.AfterID = evs[len(evs)-1].HubID
	}
}

func cmdEvents(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "events", "scanhub events [--device NAME] [--json] [--db DSN]",
		"List the events terminals pushed, in the order the hub received them. --json prints\none JSON object per line: id, device, seq, kind, gtin, lot, serial, expiry, qty,\nfrom, to, doc, at, received_at, and sscc (the pallet label) and override and\noverride_by (a reason code and the operator who gave it) on events that have\nthem.",
		"scanhub events --device dock-1 --json")
	db := dbFlag(fs)
	dev := fs.String("device", "", "only events of device `NAME`")
	asJSON := fs.Bool("json", false, "print JSON lines")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 0, "no arguments"); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		return eachEvent(ctx, st, hub.EventFilter{Device: *dev}, func(ev hub.Event) error { return enc.Encode(hub.NewEventLine(ev)) })
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tSEQ\tOPERATOR\tKIND\tGTIN\tLOT\tSERIAL\tEXPIRY\tQTY\tFROM\tTO\tDOC\tSSCC\tAT")
	err = eachEvent(ctx, st, hub.EventFilter{Device: *dev}, func(ev hub.Event) error {
		_, err := fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", ev.Device, ev.Seq, dash(ev.Operator), ev.Kind, ev.GTIN, dash(ev.Lot), dash(ev.Serial),
			dash(ev.Expiry), ev.Qty, dash(ev.From), dash(ev.To), dash(ev.Doc), dash(ev.SSCC), ev.At.Local().Format("2006-01-02 15:04:05"))
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// parseTime takes RFC 3339 or a plain date (midnight UTC).
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 (2026-11-26T08:00:00Z) or a date (2026-11-26)", s)
}

func cmdExport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "export", "scanhub export events [--since T] [--format csv|json] [--db DSN]",
		"Export events for the ERP, in the order the hub received them: every field of\nevery event received at or after --since (RFC 3339 or YYYY-MM-DD; default: all).\njson is one object per line; csv has a header row.",
		"scanhub export events --since 2026-11-26 --format csv > events.csv")
	db := dbFlag(fs)
	since := fs.String("since", "", "only events received at or after `T`")
	format := fs.String("format", "json", "csv or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "events" {
		return fmt.Errorf("%w: export: want: export events [--since T] [--format csv|json]", errUsage)
	}
	var f hub.EventFilter
	if *since != "" {
		if f.Since, err = parseTime(*since); err != nil {
			return fmt.Errorf("%w: export: --since: %v", errUsage, err)
		}
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("%w: export: --format %q: want csv or json", errUsage, *format)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		return eachEvent(ctx, st, f, func(ev hub.Event) error { return enc.Encode(exportLine(ev)) })
	}
	return exportCSV(ctx, st, f, e.stdout)
}

// exportRecord is every field of an event, for the ERP.
type exportRecord struct {
	HubID      int64     `json:"hub_id"`
	ID         string    `json:"id"`
	Device     string    `json:"device"`
	Seq        int64     `json:"seq"`
	Operator   string    `json:"operator"`
	Kind       string    `json:"kind"`
	GTIN       string    `json:"gtin"`
	Lot        string    `json:"lot"`
	Serial     string    `json:"serial"`
	Expiry     string    `json:"expiry"`
	Qty        int64     `json:"qty"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Doc        string    `json:"doc"`
	DocLine    int       `json:"doc_line"`
	Override   string    `json:"override"`
	Note       string    `json:"note"`
	Flags      []string  `json:"flags"`
	At         time.Time `json:"at"`
	ReceivedAt time.Time `json:"received_at"`
	SSCC       string    `json:"sscc"` // the pallet label (00), "" if none; last so CSV columns before it keep their places
}

func exportLine(e hub.Event) exportRecord {
	flags := e.Flags
	if flags == nil {
		flags = []string{}
	}
	return exportRecord{HubID: e.HubID, ID: e.ID, Device: e.Device, Seq: e.Seq, Operator: e.Operator, Kind: string(e.Kind), GTIN: e.GTIN,
		Lot: e.Lot, Serial: e.Serial, Expiry: e.Expiry, Qty: e.Qty, From: e.From, To: e.To, Doc: e.Doc, DocLine: e.DocLine,
		Override: e.Override, Note: e.Note, Flags: flags, At: e.At, ReceivedAt: e.ReceivedAt, SSCC: e.SSCC}
}

func exportCSV(ctx context.Context, st hub.Store, f hub.EventFilter, w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"hub_id", "id", "device", "seq", "operator", "kind", "gtin", "lot", "serial", "expiry", "qty", "from", "to",
		"doc", "doc_line", "override", "note", "flags", "at", "received_at", "sscc"})
	err := eachEvent(ctx, st, f, func(e hub.Event) error {
		return cw.Write([]string{strconv.FormatInt(e.HubID, 10), e.ID, e.Device, strconv.FormatInt(e.Seq, 10), e.Operator, string(e.Kind),
			e.GTIN, e.Lot, e.Serial, e.Expiry, strconv.FormatInt(e.Qty, 10), e.From, e.To, e.Doc, strconv.Itoa(e.DocLine),
			e.Override, e.Note, strings.Join(e.Flags, ";"), e.At.Format(time.RFC3339Nano), e.ReceivedAt.Format(time.RFC3339Nano), e.SSCC})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
