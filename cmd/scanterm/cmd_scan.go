package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/gs1"
)

// stringList collects a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// cmdScan shows scans from one or more scanners as they arrive, decoded,
// so a site technician can check a scanner's configuration.
func cmdScan(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("scan", s, "scanterm scan [--source SPEC]... [--json] [--count N] [--wait] | --list | --image FILE...",
		`Show every scan as it arrives: the AIM symbology identifier, the data with
GS separators visible as <GS>, and the GS1 decoding (or why it is not GS1).
Without --source, scans are read from standard input, one per line.

Source specs:
  `+strings.ReplaceAll(scanner.SpecSyntax, "\n", "\n  ")+`

A missing, busy or forbidden device is an error at once (with what to do);
with --wait the command instead waits for the device and, like the terminal,
reconnects after an unplug. --list shows serial ports with their USB ids and
the HID keyboards under /dev/input/by-id.

With --json each scan is one line on stdout:
  {"source":"/dev/ttyACM0","at":"…","aim":"]d2","data":"01…\u001d10…","gs1":{"ok":true,…}}
and connection changes go to stderr.

Examples:
  scanterm scan --source 'serial:/dev/ttyUSB0?baud=9600&suffix=crlf'
  scanterm scan --source 'serial:usb=05e0:1200' --wait
  scanterm scan --source evdev:/dev/input/by-id/usb-Honeywell_Scanner-event-kbd
  scanterm scan --image label.png --json
  printf ']C1010950600013435210ABC\n' | scanterm scan`)
	var sources, images stringList
	fs.Var(&sources, "source", "read scans from `SPEC` (repeatable; default stdin)")
	fs.Var(&images, "image", "decode barcodes in image `FILE` (PNG/JPEG; repeatable, more files may follow the flags)")
	asJSON := fs.Bool("json", false, "print one JSON object per scan")
	list := fs.Bool("list", false, "list serial ports and HID keyboards, then exit")
	wait := fs.Bool("wait", false, "wait for absent devices and reconnect after unplugs instead of failing")
	count := fs.Int("count", 0, "exit after `N` scans (0 = run until interrupted or input ends)")
	dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(images) > 0 {
		images = append(images, fs.Args()...)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("%w: scan: unexpected argument %q (image files go after --image)", errUsage, fs.Arg(0))
	}
	if *count < 0 {
		return fmt.Errorf("%w: scan: --count must be 0 or more", errUsage)
	}
	if *list {
		if len(sources)+len(images) > 0 {
			return fmt.Errorf("%w: scan: --list takes no --source or --image", errUsage)
		}
		return listDevices(s.Out)
	}
	opt := scanner.Options{Stdin: s.In, FailFast: !*wait}
	var srcs []scanner.Source
	if len(sources) == 0 && len(images) == 0 {
		sources = append(sources, "stdin")
	}
	for _, spec := range sources {
		src, err := scanner.Open(spec, opt)
		if err != nil {
			return fmt.Errorf("%w: scan: %v", errUsage, err)
		}
		srcs = append(srcs, src)
	}
	for _, img := range images {
		src, err := scanner.Open("image:"+img, opt)
		if err != nil {
			return fmt.Errorf("%w: scan: %v", errUsage, err)
		}
		srcs = append(srcs, src)
	}
	return runScan(ctx, s, srcs, *asJSON, *count)
}

// runScan runs every source at once and prints their events from one
// goroutine, so lines never interleave.
func runScan(ctx context.Context, s ioStreams, srcs []scanner.Source, asJSON bool, count int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan scanner.Event)
	type result struct {
		name string
		err  error
	}
	results := make(chan result, len(srcs))
	var wg sync.WaitGroup
	for _, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := src.Run(ctx, func(e scanner.Event) {
				select {
				case events <- e:
				case <-ctx.Done():
				}
			})
			results <- result{src.Name(), err}
		}()
	}
	go func() {
		wg.Wait()
		close(events)
	}()
	p := scanPrinter{out: s.Out, errw: s.Err, json: asJSON}
	n := 0
	for e := range events {
		switch {
		case e.Scan != nil:
			if count > 0 && n >= count {
				continue // in flight when we stopped
			}
			if err := p.scan(*e.Scan); err != nil {
				return fmt.Errorf("scan: write output: %w", err)
			}
			n++
			if count > 0 && n >= count {
				cancel()
			}
		case e.Status != nil:
			p.status(*e.Status)
		}
	}
	close(results)
	var errs []error
	for r := range results {
		if r.err != nil {
			errs = append(errs, fmt.Errorf("scan: %w", r.err))
		}
	}
	return errors.Join(errs...)
}

type scanPrinter struct {
	out, errw io.Writer
	json      bool
}

// visible shows control characters in scan data: GS as <GS>, others as
// \xNN, so a technician sees exactly what the scanner sent.
func visible(b []byte) string {
	var sb strings.Builder
	for _, c := range string(b) {
		switch {
		case c == scanner.GS:
			sb.WriteString("<GS>")
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&sb, `\x%02X`, c)
		default:
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

func (p scanPrinter) status(st scanner.Status) {
	state := "connected"
	if !st.Connected {
		state = "not connected"
	}
	if st.Err != nil {
		fmt.Fprintf(p.statusWriter(), "-- %s %s: %v\n", st.Source, state, st.Err)
		return
	}
	fmt.Fprintf(p.statusWriter(), "-- %s %s\n", st.Source, state)
}

// statusWriter keeps stdout pure JSON lines in --json mode.
func (p scanPrinter) statusWriter() io.Writer {
	if p.json {
		return p.errw
	}
	return p.out
}

// scanJSON is one --json line.
type scanJSON struct {
	Source string    `json:"source"`
	At     time.Time `json:"at"`
	AIM    string    `json:"aim"`
	Data   string    `json:"data"`
	GS1    gs1JSON   `json:"gs1"`
}

type gs1JSON struct {
	OK        bool        `json:"ok"`
	Form      string      `json:"form,omitempty"`
	Symbology string      `json:"symbology,omitempty"`
	AIs       [][2]string `json:"ais,omitempty"`
	GTIN      string      `json:"gtin,omitempty"`
	Lot       string      `json:"lot,omitempty"`
	Serial    string      `json:"serial,omitempty"`
	Expiry    string      `json:"expiry,omitempty"`
	Error     *errJSON    `json:"error,omitempty"`
	// MayHide is the reading with a GS where a value may have swallowed
	// another AI (a scanner that drops GS): the terminal holds such scans.
	MayHide string `json:"may_hide,omitempty"`
}

type errJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	AI      string `json:"ai"`
	Pos     int    `json:"pos"`
}

func decodeGS1(sc scanner.Scan) (gs1.Message, gs1JSON) {
	m, err := gs1.Parse(sc.Text(), nil)
	if err != nil {
		j := gs1JSON{Error: &errJSON{Code: "error", Message: err.Error()}}
		var ge *gs1.Error
		if errors.As(err, &ge) {
			j.Error = &errJSON{Code: ge.Code, Message: ge.Message, AI: ge.AI, Pos: ge.Pos}
		}
		return m, j
	}
	j := gs1JSON{OK: true, Form: string(m.Form), Symbology: m.Symbology, GTIN: m.GTIN(), Lot: m.Lot(), Serial: m.Serial()}
	for _, e := range m.Elements {
		j.AIs = append(j.AIs, [2]string{e.AI, e.Value})
	}
	if d, ok := m.Expiry(); ok {
		j.Expiry = d.Format(time.DateOnly)
	}
	if _, _, split, ok := m.SuspectMissingSeparator(); ok {
		j.MayHide = split
	}
	return m, j
}

func (p scanPrinter) scan(sc scanner.Scan) error {
	m, g := decodeGS1(sc)
	if p.json {
		b, err := json.Marshal(scanJSON{Source: sc.Source, At: sc.At, AIM: sc.AIM, Data: string(sc.Data), GS1: g})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(p.out, "%s\n", b)
		return err
	}
	aim := sc.AIM
	if aim == "" {
		aim = "(no AIM id)"
	} else if name := scanner.SymbologyName(aim); name != "" {
		aim += " " + name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s  %s\n", sc.At.Format("15:04:05.000"), sc.Source, aim, visible(sc.Data))
	switch {
	case g.OK:
		for _, e := range m.Elements {
			fmt.Fprintf(&b, "    (%s) %s", e.AI, visible([]byte(e.Value)))
			if t := gs1.Title(e.AI); t != "" {
				fmt.Fprintf(&b, "  %s", t)
			}
			b.WriteByte('\n')
		}
		if d, ok := m.Expiry(); ok {
			fmt.Fprintf(&b, "    expiry %s\n", d.Format(time.DateOnly))
		}
		if host, hidden, split, ok := m.SuspectMissingSeparator(); ok {
			fmt.Fprintf(&b, "    note: (%s) may hide (%s) %s if the scanner dropped a GS separator: %s (the terminal holds this scan)\n", host, hidden, gs1.Title(hidden), split)
		}
	case g.Error.Code == "not_gs1":
		b.WriteString("    not GS1: a plain code\n")
	default:
		fmt.Fprintf(&b, "    GS1 error: %s (%s", g.Error.Message, g.Error.Code)
		if g.Error.AI != "" {
			fmt.Fprintf(&b, ", AI %s", g.Error.AI)
		}
		fmt.Fprintf(&b, ", at byte %d)\n", g.Error.Pos)
	}
	_, err := io.WriteString(p.out, b.String())
	return err
}

// listDevices prints serial ports and HID keyboards with the --source
// spec to use for each.
func listDevices(w io.Writer) error {
	ports, err := scanner.ListPorts()
	fmt.Fprintln(w, "Serial ports:")
	switch {
	case err != nil:
		fmt.Fprintf(w, "  cannot list: %v\n", err)
	case len(ports) == 0:
		fmt.Fprintln(w, "  none found (a USB scanner in serial/CDC mode appears as /dev/ttyACMn or /dev/ttyUSBn)")
	}
	for _, p := range ports {
		if p.IsUSB {
			fmt.Fprintf(w, "  %-14s usb=%s:%s", p.Name, p.VID, p.PID)
			if p.SerialNumber != "" {
				fmt.Fprintf(w, " serial %s", p.SerialNumber)
			}
			if p.Product != "" {
				fmt.Fprintf(w, " %q", p.Product)
			}
			fmt.Fprintf(w, "\n      --source 'serial:usb=%s:%s'\n", p.VID, p.PID)
			continue
		}
		fmt.Fprintf(w, "  %-14s\n      --source 'serial:%s'\n", p.Name, p.Name)
	}
	// Stable names survive replugging into another USB port.
	if ids, _ := filepath.Glob("/dev/serial/by-id/*"); len(ids) > 0 {
		sort.Strings(ids)
		fmt.Fprintln(w, "Serial ports by stable name (/dev/serial/by-id):")
		for _, id := range ids {
			target, _ := filepath.EvalSymlinks(id)
			fmt.Fprintf(w, "  %s -> %s\n      --source 'serial:%s'\n", id, target, id)
		}
	}
	fmt.Fprintln(w, "HID keyboards (/dev/input/by-id):")
	kbds, _ := filepath.Glob("/dev/input/by-id/*-event-kbd")
	sort.Strings(kbds)
	if len(kbds) == 0 {
		fmt.Fprintln(w, "  none found")
	}
	for _, k := range kbds {
		note := ""
		if f, err := os.Open(k); err != nil && errors.Is(err, os.ErrPermission) {
			note = "  (no permission: join the \"input\" group)"
		} else if err == nil {
			f.Close()
		}
		fmt.Fprintf(w, "  %s%s\n      --source 'evdev:%s'\n", k, note, k)
	}
	return nil
}
