package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints usage with a synopsis and description to the command's stdout.
func newFlagSet(name string, s ioStreams, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.Err)
	fs.Usage = func() {
		fmt.Fprintf(s.Out, "Usage: %s\n\n%s\n\nFlags:\n", synopsis, description)
		printFlags(s.Out, fs)
	}
	return fs
}

// parseFlags parses args, turning a flag error into errUsage so main exits 2
// with one line; -h/--help returns flag.ErrHelp after printing usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package prints usage on any parse error; a bad flag should
	// give one line, so usage is printed here, for -h/--help only.
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(discard{})
	err := fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return flag.ErrHelp
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v (see scanterm %s --help)", errUsage, fs.Name(), err, fs.Name())
	}
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// dataDirFlag registers --data and returns where its value lands.
func dataDirFlag(fs *flag.FlagSet) *string {
	return fs.String("data", defaultDataDir(), "terminal `DIR`: database, enrolment and config")
}

// defaultDataDir is where the terminal's data lives when --data is not
// given: $SCANTERM_DATA; else the folder systemd made for a kiosk or
// service unit with StateDirectory= (a kiosk user may have no home, or a
// read-only one); else under the user's home.
func defaultDataDir() string {
	if d := os.Getenv("SCANTERM_DATA"); d != "" {
		return d
	}
	// Several StateDirectory= entries are named colon-separated; the
	// first is scanterm's.
	if d, _, _ := strings.Cut(os.Getenv("STATE_DIRECTORY"), ":"); d != "" {
		return d
	}
	if d, err := os.UserHomeDir(); err == nil {
		return filepath.Join(d, ".local", "share", "scanterm")
	}
	return "scanterm-data"
}

// Files inside the data directory.
const (
	dbFile = "terminal.db"
)

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
