package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// check is one line of scanterm doctor: what was looked at, its verdict and,
// unless it is ok, what to do about it in words a technician can follow.
type check struct {
	Name   string `json:"name"`
	Status string `json:"status"` // ok, warn or fail
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// Verdicts of a check.
const (
	statusOK   = "ok"
	statusWarn = "warn"
	statusFail = "fail"
)

// doctorReport is doctor's --json output: one document.
type doctorReport struct {
	Version string  `json:"version"`
	OK      bool    `json:"ok"` // no check failed
	Checks  []check `json:"checks"`
}

func cmdDoctor(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("doctor", s, "scanterm doctor [--json] [--data DIR] [--timeout D]",
		`Check this terminal's set-up, one line per check, each ok, warn or fail with
the fix in words: version, site configuration, data folder and free space,
database health (SQLite quick_check), each configured scanner (present,
permission), enrolment, hub reachability (TLS, pinned certificate), clock
offset against the hub, and the user's groups. Nothing is changed.

Exits 1 when any check fails, so a set-up script can stop on it.

Example:
  scanterm doctor
  scanterm doctor --json --data /var/lib/scanterm`)
	asJSON := fs.Bool("json", false, "print one JSON document")
	data := dataDirFlag(fs)
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the hub")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: doctor takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	d := doctor{data: *data, timeout: *timeout, getenv: os.Getenv}
	rep := doctorReport{Version: version, OK: true, Checks: d.run(ctx)}
	failed := 0
	for _, c := range rep.Checks {
		if c.Status == statusFail {
			failed++
		}
	}
	rep.OK = failed == 0
	if *asJSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("doctor: %w", err)
		}
	} else {
		printChecks(s.Out, rep.Checks)
	}
	if failed > 0 {
		return fmt.Errorf("doctor: %d check(s) failed", failed)
	}
	return nil
}

// printChecks writes one line per check and, under it, the fix: short
// lines, so they read on a handheld's narrow screen too.
func printChecks(w io.Writer, cs []check) {
	for _, c := range cs {
		fmt.Fprintf(w, "%-4s  %-9s %s\n", c.Status, c.Name, c.Detail)
		if c.Fix != "" {
			fmt.Fprintf(w, "      fix: %s\n", c.Fix)
		}
	}
	counts := map[string]int{}
	for _, c := range cs {
		counts[c.Status]++
	}
	var parts []string
	for _, st := range []string{statusOK, statusWarn, statusFail} {
		parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
	}
	fmt.Fprintln(w, strings.Join(parts, ", "))
}
