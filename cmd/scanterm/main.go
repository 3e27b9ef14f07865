// Command scanterm is the warehouse floor terminal: a Bubble Tea TUI for
// receiving, put-away, moves, picking, shipping, returns, counts and
// look-ups, plus subcommands for diagnostics and scripting.
//
// main only parses the command line and wires packages together; each
// subcommand lives in its own file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// ioStreams are the process's standard streams, passed explicitly so
// commands can be run from tests.
type ioStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// command is one scanterm subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, s ioStreams, args []string) error
}

// errUsage marks a bad command line; main prints it and exits 2.
var errUsage = errors.New("usage")

func commands() []command {
	return []command{
		{"run", "open the terminal UI (the default when no command is given)", cmdRun},
		{"gs1", "decode and validate GS1 barcodes: gs1 parse [--json] [BARCODE...]", cmdGS1},
		{"scan", "show scans from a scanner as they arrive (diagnostics)", cmdScan},
		{"stock", "list stock on hand from the local database", cmdStock},
		{"trace", "trace a lot or a serial: trace lot LOT | trace serial S", cmdTrace},
		{"events", "list the local event ledger", cmdEvents},
		{"enroll", "enrol this terminal with a hub: enroll URL CODE", cmdEnroll},
		{"sync", "push queued events and pull changes: --once for one round, else until Ctrl+C", cmdSync},
		{"station", "run one workflow unattended (fixed scanners, scripts)", cmdStation},
		{"doctor", "check this terminal's set-up: data, scanners, enrolment, hub, clock, groups", cmdDoctor},
		{"udev-name", "print N for a scanner's VID:PID in the site's scanner list (used by the udev rule)", cmdUdevName},
		{"version", "print the version", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	args, err := withSiteConfig(os.Getenv, os.Args[1:])
	if err == nil {
		err = run(ctx, ioStreams{os.Stdin, os.Stdout, os.Stderr}, args)
	}
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "scanterm:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, s ioStreams, args []string) error {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		return cmdVersion(ctx, s, nil)
	}
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help" && args[0] != "-help") {
		return cmdRun(ctx, s, args)
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			return run(ctx, s, []string{args[1], "--help"})
		}
		printUsage(s.Out)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, s, args[1:])
		}
	}
	return fmt.Errorf("%w: unknown command %q (see scanterm --help)", errUsage, name)
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `scanterm %s — warehouse floor terminal (lot, serial and expiry tracking)

Usage:
  scanterm [run] [flags]        open the terminal UI
  scanterm COMMAND [flags]      run one command

Commands:
`, version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Every command takes --data DIR, the terminal's folder (database, enrolment,
config); the default is $SCANTERM_DATA, else the site configuration's data,
else $STATE_DIRECTORY (a systemd unit's StateDirectory=), else
~/.local/share/scanterm. The site configuration (/etc/scanterm/scanterm.conf,
or the files $SCANTERM_CONFIG lists) gives every command its settings; flags
override it.
Run "scanterm COMMAND --help" for a command's flags.

Examples:
  scanterm enroll http://127.0.0.1:8080 K7P2-M9QX
  scanterm --data ./var/term
  printf ']C1010950600013435217261231101234\n' | scanterm gs1 parse --json
  scanterm scan --source serial:/dev/ttyUSB0?baud=9600&suffix=crlf
  scanterm trace lot L123 --gtin 09506000134352
`)
}

func cmdVersion(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("version", s, "scanterm version", "Print the version.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(s.Out, "scanterm", version)
	return nil
}
