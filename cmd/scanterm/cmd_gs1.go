package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scanterm/scanterm/scanner/gs1"
)

const gs1Usage = `Usage: scanterm gs1 parse [--json] [--sep S]... [BARCODE ...]

Commands:
  parse   decode and validate GS1 barcodes (scan data, element strings,
          bracketed text, Digital Link URIs, plain EAN/UPC)

Run "scanterm gs1 parse --help" for its flags.
`

// cmdGS1 dispatches "scanterm gs1 SUBCOMMAND".
func cmdGS1(ctx context.Context, s ioStreams, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(s.Err, gs1Usage)
		return fmt.Errorf("%w: gs1 needs a subcommand: parse", errUsage)
	}
	switch args[0] {
	case "parse":
		return cmdGS1Parse(ctx, s, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(s.Out, gs1Usage)
		return flag.ErrHelp
	}
	return fmt.Errorf("%w: unknown gs1 subcommand %q (want: parse)", errUsage, args[0])
}

// sepList collects repeated --sep flags.
type sepList []string

func (l *sepList) String() string     { return strings.Join(*l, ",") }
func (l *sepList) Set(v string) error { *l = append(*l, v); return nil }

func cmdGS1Parse(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("gs1 parse", s, "scanterm gs1 parse [--json] [--sep S]... [BARCODE ...]",
		`Decode and validate GS1 barcodes. Each BARCODE argument, or with none each
line of standard input exactly as a scanner delivers it (GS as the byte 0x1D,
optionally with an AIM symbology identifier such as ]C1 or ]d2), is parsed
on its own: a bad line is reported and the next one is read. The form is
detected automatically: scan data, element string, bracketed text
"(01)…(10)…", GS1 Digital Link URI or plain EAN/UPC.

Output is human-readable by default; with --json one object per input line:
  {"ok":true,"form":"scan","symbology":"]d2","ais":[["01","09506000134352"]]}
  {"ok":false,"error":{"code":"check_digit","message":"…","ai":"01","pos":18}}
The exit status is 0 unless standard input cannot be read.

Example:
  printf ']C1010950600013435217261231101234\n' | scanterm gs1 parse --json
  scanterm gs1 parse --sep '<GS>' '0109506000134352101234<GS>21XYZ'`)
	asJSON := fs.Bool("json", false, "print one JSON object per input line")
	var seps sepList
	fs.Var(&seps, "sep", "treat `S` as a GS separator (keyboard-wedge substitute such as <GS>, ^] or ~); repeatable")
	tolerate := fs.Bool("tolerate-unknown", false, "keep an Application Identifier this build does not know when it can be delimited, as the terminal does with a scan marked as GS1; it is marked unknown")
	dataDirFlag(fs)
	// The flag package prints usage itself on every parse error and on -h;
	// print it exactly once, and only for --help.
	usage := fs.Usage
	fs.Usage = func() {}
	var inputs []string
	for {
		if err := parseFlags(fs, args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		inputs = append(inputs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	opt := &gs1.Options{Separators: seps, TolerateUnknown: *tolerate}
	out := bufio.NewWriter(s.Out)
	defer out.Flush()
	p := gs1Printer{w: out, json: *asJSON}
	if len(inputs) > 0 {
		for _, in := range inputs {
			p.print(in, opt)
		}
		return nil
	}
	err := eachLine(ctx, s.In, maxScanLine, func(line string, tooLong bool) error {
		if tooLong {
			p.refuse(fmt.Sprintf("line longer than %d bytes: no barcode is that long; the rest of the line was skipped", maxScanLine))
		} else {
			p.print(line, opt)
		}
		// Flush per line: a person at a scanner, or a pipe reader, sees
		// each verdict as the scan arrives.
		if err := out.Flush(); err != nil {
			return fmt.Errorf("gs1 parse: write: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("gs1 parse: %w", err)
	}
	return nil
}

// maxScanLine bounds one line of scan data: the longest GS1 element
// string a symbol can carry is a few hundred bytes, so anything near this
// is not a scan, and reading it whole would hold it all in memory.
const maxScanLine = 64 << 10

// eachLine calls fn for every line of r. A line ends at LF, CR or CR LF
// (scanners send any of them). A line longer than max is reported once
// with tooLong and its remainder skipped, in bounded memory.
func eachLine(ctx context.Context, r io.Reader, max int, fn func(line string, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	over, afterCR := false, false
	emit := func() error {
		l, long := string(line), over
		line, over = line[:0], false
		return fn(l, long)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			if len(line) > 0 || over {
				return emit()
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
		switch {
		case b == '\n' && afterCR: // the LF of a CR LF
		case b == '\n' || b == '\r':
			if err := emit(); err != nil {
				return err
			}
		case len(line) < max:
			line = append(line, b)
		default:
			over = true
		}
		afterCR = b == '\r'
	}
}

type gs1Printer struct {
	w    *bufio.Writer
	json bool
	n    int
}

type gs1JSONOK struct {
	OK        bool        `json:"ok"`
	Form      string      `json:"form"`
	Symbology string      `json:"symbology"`
	AIs       [][2]string `json:"ais"`
	Unknown   []string    `json:"unknown,omitempty"` // AIs kept under --tolerate-unknown
}

type gs1JSONErr struct {
	OK    bool         `json:"ok"`
	Error gs1JSONError `json:"error"`
}

type gs1JSONError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	AI      string `json:"ai"`
	Pos     int    `json:"pos"`
}

func (p *gs1Printer) print(in string, opt *gs1.Options) {
	m, err := gs1.Parse(in, opt)
	if p.json {
		enc := json.NewEncoder(p.w)
		enc.SetEscapeHTML(false)
		if err != nil {
			enc.Encode(gs1JSONErr{Error: jsonError(err)})
			return
		}
		ais := make([][2]string, len(m.Elements))
		for i, e := range m.Elements {
			ais[i] = [2]string{e.AI, e.Value}
		}
		enc.Encode(gs1JSONOK{OK: true, Form: string(m.Form), Symbology: m.Symbology, AIs: ais, Unknown: m.Unknown})
		return
	}
	if p.n > 0 {
		fmt.Fprintln(p.w)
	}
	p.n++
	if err != nil {
		je := jsonError(err)
		fmt.Fprintf(p.w, "ERROR %s: %s\n", je.Code, je.Message)
		shown, col := showInput(in, je.Pos)
		fmt.Fprintf(p.w, "  %s\n  %s^ byte %d\n", shown, strings.Repeat(" ", col), je.Pos)
		if je.Code == "not_gs1" {
			fmt.Fprintln(p.w, "  (not GS1: a terminal treats it as a plain code, e.g. a location label)")
		}
		return
	}
	head := "OK    " + string(m.Form)
	if m.Symbology != "" {
		head += "  " + m.Symbology + " " + symbologyName(m.Symbology)
	}
	fmt.Fprintln(p.w, head)
	now := time.Now()
	for _, e := range m.Elements {
		title := gs1.Title(e.AI)
		if m.IsUnknown(e.AI) {
			title = "UNKNOWN AI, kept"
		}
		fmt.Fprintf(p.w, "  %-6s %-24s %s%s\n", "("+e.AI+")", title, e.Value, explain(m, e, now))
	}
	if host, hidden, split, ok := m.SuspectMissingSeparator(); ok {
		fmt.Fprintf(p.w, "  note: (%s) may hide (%s) %s if the scanner dropped a GS separator: %s\n", host, hidden, gs1.Title(hidden), split)
	}
}

// refuse prints a verdict on input that never reached the parser.
func (p *gs1Printer) refuse(msg string) {
	if p.json {
		enc := json.NewEncoder(p.w)
		enc.Encode(gs1JSONErr{Error: gs1JSONError{Code: "too_long", Message: msg}})
		return
	}
	if p.n > 0 {
		fmt.Fprintln(p.w)
	}
	p.n++
	fmt.Fprintf(p.w, "ERROR too_long: %s\n", msg)
}

func jsonError(err error) gs1JSONError {
	var e *gs1.Error
	if errors.As(err, &e) {
		return gs1JSONError{Code: e.Code, Message: e.Message, AI: e.AI, Pos: e.Pos}
	}
	return gs1JSONError{Code: "error", Message: err.Error()}
}

// explain adds the meaning of a value where it is not obvious: dates,
// measures with implied decimals, amounts.
func explain(m gs1.Message, e gs1.Element, now time.Time) string {
	switch e.AI {
	case "11", "12", "13", "15", "16", "17":
		if t, ok := m.Date(e.AI, now); ok {
			return "  = " + t.Format("2006-01-02")
		}
	}
	for _, x := range m.Measures() {
		if x.AI == e.AI {
			return "  = " + x.String()
		}
	}
	for _, a := range m.Amounts() {
		if a.AI == e.AI {
			return "  = " + a.String()
		}
	}
	return ""
}

// showInput renders the input printable (GS as <GS>) and returns the
// column of byte pos in the rendering, for the error caret.
func showInput(in string, pos int) (string, int) {
	var b strings.Builder
	col := -1
	for i := 0; i < len(in); i++ {
		if i == pos {
			col = b.Len()
		}
		switch c := in[i]; {
		case c == 0x1D:
			b.WriteString("<GS>")
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "<%02X>", c)
		default:
			b.WriteByte(c)
		}
	}
	if col < 0 {
		col = b.Len()
	}
	return b.String(), col
}

func symbologyName(sym string) string {
	switch sym {
	case "]C1":
		return "GS1-128"
	case "]e0":
		return "GS1 DataBar"
	case "]d2":
		return "GS1 DataMatrix"
	case "]Q3":
		return "GS1 QR Code"
	case "]J1":
		return "GS1 DotCode"
	case "]E0":
		return "EAN-13/UPC-A"
	case "]E3":
		return "EAN-13 with add-on"
	case "]E4":
		return "EAN-8"
	case "]I0", "]I1":
		return "ITF"
	case "]Q1":
		return "QR Code"
	case "]d1":
		return "DataMatrix"
	}
	return ""
}
