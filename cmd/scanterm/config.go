package main

// The site configuration: /etc/scanterm/scanterm.conf, installed by the
// Debian package, gives every scanterm command the site's settings (data
// folder, scanners, hub, wedge) so that a kiosk unit, a station unit and a
// technician at the prompt all run with the same ones. Flags on the command
// line override it.
//
// The format is deliberately plain, "key = value" lines with # comments,
// so a technician can edit it with nano and the standard library parses
// it: no quoting, no sections, no includes. A repeatable key (source,
// scanner) is given once per line.
//
// The configuration is applied by turning it into flags placed before the
// user's own arguments: the flag package keeps the last value given, so a
// flag on the command line wins, and each command keeps parsing exactly the
// flags it always had.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

const (
	// defaultConfigPath is where the package installs the site
	// configuration; a missing file there means "no configuration".
	defaultConfigPath = "/etc/scanterm/scanterm.conf"
	// configEnv overrides it with a colon-separated list of files, read in
	// order (a key in a later file replaces that key's values from earlier
	// ones); every listed file must exist. scanterm-station@.service uses
	// it to add a station's own file to the site's.
	configEnv = "SCANTERM_CONFIG"
)

// configKey describes one key of the site configuration.
type configKey struct {
	// flag is the command-line flag the key stands for ("" when no command
	// takes it as a flag).
	flag string
	// commands take the flag.
	commands []string
	// repeat: the key may be given on several lines (a repeatable flag).
	repeat bool
}

// configKeys is every key the site configuration may hold.
var configKeys = map[string]configKey{
	// data: the terminal's folder (database, enrolment). $SCANTERM_DATA
	// still beats it, as the more specific setting.
	"data": {flag: "data", commands: []string{"run", "gs1", "scan", "stock", "trace", "events", "enroll", "sync", "station", "doctor"}},
	// source: scanner specs, as --source takes them.
	"source": {flag: "source", commands: []string{"run", "scan", "station"}, repeat: true},
	// gs: what a keyboard-wedge scanner types for GS (run), or the
	// substitutes a station's scanner sends for it.
	"gs":           {flag: "gs", commands: []string{"run", "station"}},
	"wedge-gap":    {flag: "wedge-gap", commands: []string{"run"}},
	"wedge-suffix": {flag: "wedge-suffix", commands: []string{"run"}},
	// hub, fingerprint: where scanterm enroll CODE enrols when no URL is
	// given, and what it pins.
	"hub":         {commands: []string{"enroll"}},
	"fingerprint": {flag: "fingerprint", commands: []string{"enroll"}},
	// location, operator: a station's fixed context.
	"location": {flag: "location", commands: []string{"station"}},
	"operator": {flag: "operator", commands: []string{"station"}},
	// scanner: USB VID:PID of the site's scanner models; the udev rule
	// names the device of the Nth entry /dev/scanner-N and gives it to
	// the scanterm user. Read by udev-name and doctor.
	"scanner": {repeat: true},
}

// siteConfig is the site configuration as read.
type siteConfig struct {
	files  []string            // the files read, in order
	values map[string][]string // key → values, in file order
}

// get returns the last value of key, or "".
func (c *siteConfig) get(key string) string {
	v := c.values[key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// loadSiteConfig reads the files $SCANTERM_CONFIG names, else the default
// file when it exists. getenv is os.Getenv outside tests.
func loadSiteConfig(getenv func(string) string) (*siteConfig, error) {
	c := &siteConfig{values: map[string][]string{}}
	list := getenv(configEnv)
	if list == "" {
		f, err := os.Open(defaultConfigPath)
		if errors.Is(err, fs.ErrNotExist) {
			return c, nil
		}
		if err != nil {
			return nil, fmt.Errorf("site configuration: %w", err)
		}
		defer f.Close()
		c.files = []string{defaultConfigPath}
		return c, parseConfig(f, defaultConfigPath, c.values)
	}
	for _, p := range strings.Split(list, ":") {
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("site configuration ($%s): %w", configEnv, err)
		}
		file := map[string][]string{}
		err = parseConfig(f, p, file)
		f.Close()
		if err != nil {
			return nil, err
		}
		for k, v := range file {
			c.values[k] = v // a later file replaces the key
		}
		c.files = append(c.files, p)
	}
	return c, nil
}

// parseConfig reads "key = value" lines into values. Blank lines and lines
// starting with # are skipped; an unknown key, a line without "=", an empty
// value or a second value for a key that is not repeatable is an error
// naming the file and line, so a typo does not silently change nothing.
func parseConfig(r io.Reader, name string, values map[string][]string) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return fmt.Errorf("%s:%d: want key = value, got %q", name, n, line)
		}
		key, known := configKeys[k]
		if !known {
			return fmt.Errorf("%s:%d: unknown key %q (known: %s)", name, n, k, strings.Join(configKeyNames(), ", "))
		}
		if v == "" {
			return fmt.Errorf("%s:%d: %s has no value (comment the line out to unset it)", name, n, k)
		}
		if len(values[k]) > 0 && !key.repeat {
			return fmt.Errorf("%s:%d: %s given twice (only source and scanner may repeat)", name, n, k)
		}
		values[k] = append(values[k], v)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func configKeyNames() []string {
	names := make([]string, 0, len(configKeys))
	for k := range configKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// withSiteConfig returns args with the site configuration's flags placed
// before the user's, for the command args names (run when none). Values the
// user set on the command line are left alone: for a single-valued flag the
// user's comes last and wins; a repeatable one (--source) from the
// configuration is dropped when the user gave any. The configuration file
// is named in a parse error; doctor gets the arguments unchanged with the
// error, so it can report the broken file instead of failing to start.
func withSiteConfig(getenv func(string) string, args []string) ([]string, error) {
	cmd, rest, prefix := "run", args, []string(nil)
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest, prefix = args[0], args[1:], args[:1]
	}
	known := false
	for _, c := range commands() {
		known = known || c.name == cmd
	}
	if !known || hasFlag(rest, "help", "h") {
		return args, nil // usage errors and help do not need the site's settings
	}
	cfg, err := loadSiteConfig(getenv)
	if err != nil {
		if cmd == "doctor" {
			return args, nil
		}
		return args, err
	}
	var add []string
	for _, k := range configKeyNames() {
		key, vals := configKeys[k], cfg.values[k]
		if len(vals) == 0 || key.flag == "" || !contains(key.commands, cmd) {
			continue
		}
		switch {
		case k == "data" && getenv("SCANTERM_DATA") != "":
			continue // the environment is more specific than the site
		case key.repeat && hasFlag(rest, key.flag):
			continue
		case k == "source" && cmd == "scan" && hasFlag(rest, "list", "image"):
			continue // scan --list / --image look at something else
		}
		for _, v := range vals {
			add = append(add, "--"+key.flag+"="+v)
		}
	}
	// enroll CODE: the URL comes from the configuration.
	if hub := cfg.get("hub"); cmd == "enroll" && hub != "" && len(positionals(rest, "fingerprint", "data")) == 1 {
		add = append(add, hub)
	}
	out := make([]string, 0, len(args)+len(add))
	out = append(append(append(out, prefix...), add...), rest...)
	return out, nil
}

// hasFlag reports whether args (before a "--") set any of the named flags,
// in any of the forms the flag package accepts.
func hasFlag(args []string, names ...string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		for _, n := range names {
			if a == "-"+n || a == "--"+n || strings.HasPrefix(a, "-"+n+"=") || strings.HasPrefix(a, "--"+n+"=") {
				return true
			}
		}
	}
	return false
}

// positionals returns the arguments that are not flags, knowing which
// flags take a separate value.
func positionals(args []string, valueFlags ...string) []string {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(pos, args[i+1:]...)
		case len(a) > 1 && a[0] == '-':
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && contains(valueFlags, name) {
				i++ // its value
			}
		default:
			pos = append(pos, a)
		}
	}
	return pos
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// configPathsForDoctor names the configuration doctor reports on: the
// files $SCANTERM_CONFIG lists, else the default path.
func configPathsForDoctor(getenv func(string) string) []string {
	if list := getenv(configEnv); list != "" {
		var ps []string
		for _, p := range strings.Split(list, ":") {
			if p != "" {
				ps = append(ps, filepath.Clean(p))
			}
		}
		return ps
	}
	return []string{defaultConfigPath}
}
