package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// errUsage marks a command-line mistake: main prints one line and exits 2.
var errUsage = errors.New("usage")

// env is what a command gets to work with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":      {"serve the sync protocol and the web console over HTTP(S)", cmdServe},
		"device":     {"add, list, revoke or reinstate a device (enrolment codes)", cmdDevice},
		"devices":    {"list devices: last seen, acknowledged seq, app version, revoked", cmdDevices},
		"events":     {"list events received from terminals", cmdEvents},
		"exceptions": {"list or resolve conflicts the hub found", cmdExceptions},
		"stock":      {"on-hand by product, lot and location across the site", cmdStock},
		"trace":      {"trace a lot or a serial across every terminal", cmdTrace},
		"lot":        {"recall, quarantine or release a lot", cmdLot},
		"import":     {"import master data and documents from CSV or JSON lines", cmdImport},
		"export":     {"export events for the ERP", cmdExport},
		"demo":       {"load the demo data set (idempotent)", cmdDemo},
		"user":       {"add, list or change web console accounts", cmdUser},
		"token":      {"add an API token for an integration (ERP)", cmdToken},
		"tls":        {"rotate the self-signed certificate without re-enrolling terminals", cmdTLS},
	}
}

// run is scanhub without the process: arguments in, output and an error out.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 1 && (args[0] == "version" || args[0] == "--version") {
		fmt.Fprintf(stdout, "scanhub %s (sync protocol %d)\n", version, wire.ProtocolVersion)
		return nil
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		if len(args) == 0 {
			return fmt.Errorf("%w: no command given; try scanhub help", errUsage)
		}
		return nil
	}
	c, ok := commands()[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown command %q; try scanhub help", errUsage, args[0])
	}
	return c.run(ctx, e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Usage: scanhub COMMAND [flags]\n\nThe central server scanterm terminals sync to.\n\nCommands:\n")
	cs := commands()
	names := make([]string, 0, len(cs))
	for n := range cs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, cs[n].summary)
	}
	fmt.Fprint(w, "\nEvery command takes --db sqlite:PATH|postgres://URL (default $SCANHUB_DB, else SCANHUB_DB in "+serviceDefaultsPath+", else sqlite:./var/hub.db).\nRun scanhub COMMAND --help for its flags; scanhub version prints the version.\n")
}

// newFlags returns a flag set whose usage prints synopsis, description,
// flags and example to stdout.
func newFlags(e env, name, synopsis, description, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: %s\n\n%s\n\nFlags:\n", synopsis, description)
		printFlags(e.stdout, fs)
		if example != "" {
			fmt.Fprintf(e.stdout, "\nExample:\n  %s\n", example)
		}
	}
	return fs
}

// parse parses flags anywhere among the arguments ("device add NAME --json"
// as well as "device add --json NAME") and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	// The flag package prints usage on every error; only --help should.
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			help()
			return nil, flag.ErrHelp
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// wantArgs checks the count of positional arguments.
func wantArgs(fs *flag.FlagSet, pos []string, n int, what string) error {
	if len(pos) != n {
		return fmt.Errorf("%w: %s: want %s, got %d argument(s)", errUsage, fs.Name(), what, len(pos))
	}
	return nil
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(os.Getenv, serviceDefaultsPath), "hub database: sqlite:PATH or postgres://URL (env SCANHUB_DB, else "+serviceDefaultsPath+")")
}

func openStore(ctx context.Context, dsn string) (hub.Store, error) {
	if !strings.HasPrefix(dsn, "sqlite:") && !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("%w: --db %q: want sqlite:PATH or postgres://URL", errUsage, dsn)
	}
	return hub.OpenStore(ctx, dsn)
}

// printFlags prints the flag set's defaults with flags spelled as the
// synopsis and examples spell them ("--create", not the flag package's
// "-create"); both spellings parse.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	out := fs.Output()
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(out)
	for _, l := range strings.SplitAfter(b.String(), "\n") {
		if strings.HasPrefix(l, "  -") {
			l = "  --" + l[3:]
		}
		io.WriteString(w, l)
	}
}
