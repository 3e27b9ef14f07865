package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver, for a read-only quick_check
	"golang.org/x/sys/unix"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/sync/wire"
)

// Thresholds of the checks.
const (
	freeWarnBytes = 500 << 20 // a day of scans is tiny; this leaves room for the WAL and upgrades
	freeFailBytes = 50 << 20  // SQLite needs room to commit; below this writes may fail
	clockWarn     = 5 * time.Second
	clockFail     = 2 * time.Minute // event times and lot expiry decisions go wrong
)

// doctor runs the checks; it only reads.
type doctor struct {
	data    string
	timeout time.Duration
	getenv  func(string) string
	// sources and scanners come from the site configuration.
	sources  []string
	scanners []string
}

func (d *doctor) run(ctx context.Context) []check {
	cs := []check{{Name: "version", Status: statusOK, Detail: "scanterm " + version}}
	cs = append(cs, d.config())
	cs = append(cs, d.dataFolder(), d.database())
	cs = append(cs, d.scannerChecks()...)
	enr, c := d.enrolment()
	cs = append(cs, c)
	hub, clock := d.hub(ctx, enr)
	cs = append(cs, hub, clock, d.groups())
	return cs
}

func (d *doctor) config() check {
	c := check{Name: "config"}
	cfg, err := loadSiteConfig(d.getenv)
	paths := strings.Join(configPathsForDoctor(d.getenv), ", ")
	switch {
	case err != nil:
		c.Status, c.Detail = statusFail, err.Error()
		c.Fix = "correct the file and line named (key = value; scanterm doctor lists the known keys in this message)"
	case len(cfg.files) == 0:
		c.Status, c.Detail = statusWarn, "no site configuration at "+paths
		c.Fix = "install the scanterm package or create the file; until then only flags and defaults apply"
	default:
		c.Status, c.Detail = statusOK, strings.Join(cfg.files, ", ")
		d.sources, d.scanners = cfg.values["source"], cfg.values["scanner"]
	}
	return c
}

func (d *doctor) dataFolder() check {
	c := check{Name: "data"}
	st, err := os.Stat(d.data)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.Status, c.Detail = statusWarn, d.data+" does not exist yet"
		c.Fix = "it is created by scanterm enroll or the first run; check the data setting if this is not the folder you meant"
		return c
	case err != nil:
		c.Status, c.Detail, c.Fix = statusFail, err.Error(), "check the data folder's path and its parents' permissions"
		return c
	case !st.IsDir():
		c.Status, c.Detail, c.Fix = statusFail, d.data+" is not a folder", "point data (--data or the site configuration) at a folder"
		return c
	}
	if err := unix.Access(d.data, unix.W_OK|unix.X_OK); err != nil {
		c.Status, c.Detail = statusFail, fmt.Sprintf("%s is not writable by this user: %v", d.data, err)
		c.Fix = "run as the terminal's user (scanterm) or give it the folder: chown -R scanterm: " + d.data
		return c
	}
	var sfs unix.Statfs_t
	if err := unix.Statfs(d.data, &sfs); err != nil {
		c.Status, c.Detail, c.Fix = statusWarn, fmt.Sprintf("%s: free space unknown: %v", d.data, err), ""
		return c
	}
	free := uint64(sfs.Bavail) * uint64(sfs.Bsize)
	c.Detail = fmt.Sprintf("%s, %s free", d.data, humanBytes(free))
	switch {
	case free < freeFailBytes:
		c.Status, c.Fix = statusFail, "free disk space: the terminal cannot commit scans safely below "+humanBytes(freeFailBytes)
	case free < freeWarnBytes:
		c.Status, c.Fix = statusWarn, "free some disk space soon (below "+humanBytes(freeWarnBytes)+")"
	default:
		c.Status = statusOK
	}
	return c
}

func humanBytes(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// database runs SQLite's quick_check on the terminal's file, opened read
// only so that doctor never migrates or writes it.
func (d *doctor) database() check {
	c := check{Name: "database"}
	path := filepath.Join(d.data, dbFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		c.Status, c.Detail = statusWarn, path+" does not exist yet"
		c.Fix = "it is created by scanterm enroll or the first run"
		return c
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		c.Status, c.Detail, c.Fix = statusFail, err.Error(), "check the file's permissions"
		return c
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA quick_check`).Scan(&res); err != nil {
		c.Status, c.Detail = statusFail, fmt.Sprintf("%s: %v", path, err)
		c.Fix = "run as the terminal's user (scanterm); if the file is damaged, keep a copy and ask support before deleting it (unsent events live there)"
		return c
	}
	if res != "ok" {
		c.Status, c.Detail = statusFail, fmt.Sprintf("%s: quick_check says %q", path, res)
		c.Fix = "the file is damaged: stop scanterm, keep a copy, and ask support (unsent events live there)"
		return c
	}
	var queued int64
	// The outbox counts the events not yet on the hub; an older file
	// without the table just does not say.
	if err := db.QueryRow(`SELECT count(*) FROM outbox`).Scan(&queued); err == nil {
		c.Detail = fmt.Sprintf("%s: quick_check ok, %d event(s) not yet on the hub", path, queued)
	} else {
		c.Detail = path + ": quick_check ok"
	}
	c.Status = statusOK
	return c
}

// scannerChecks looks at each configured source (present, readable and
// writable by this user) and at each listed scanner model's udev name.
func (d *doctor) scannerChecks() []check {
	if len(d.sources) == 0 && len(d.scanners) == 0 {
		return []check{{Name: "scanner", Status: statusOK, Detail: "none configured: keyboard wedge only"}}
	}
	var cs []check
	for _, spec := range d.sources {
		cs = append(cs, checkSource(spec))
	}
	for i, id := range d.scanners {
		c := check{Name: "scanner"}
		link := fmt.Sprintf("/dev/scanner-%d", i)
		target, err := filepath.EvalSymlinks(link)
		if err != nil {
			c.Status, c.Detail = statusWarn, fmt.Sprintf("%s (%s) is not there", link, id)
			c.Fix = "plug the scanner in; if it is, check its VID:PID with lsusb against the scanner line and reload udev (udevadm trigger)"
		} else {
			c = deviceAccess(fmt.Sprintf("%s → %s (%s)", link, target, id), target)
		}
		cs = append(cs, c)
	}
	return cs
}

func checkSource(spec string) check {
	sp, err := scanner.ParseSpec(spec)
	if err != nil {
		return check{Name: "scanner", Status: statusFail, Detail: err.Error(), Fix: "correct the source line (scanterm run --help lists the forms)"}
	}
	switch {
	case sp.Kind == "serial" && sp.USB != nil:
		ports, err := scanner.ListPorts()
		if err != nil {
			return check{Name: "scanner", Status: statusFail, Detail: fmt.Sprintf("%s: list serial ports: %v", spec, err)}
		}
		for _, p := range ports {
			if p.IsUSB && p.VID == sp.USB.VID && p.PID == sp.USB.PID && (sp.USB.SerialNumber == "" || p.SerialNumber == sp.USB.SerialNumber) {
				return deviceAccess(spec+" at "+p.Name, p.Name)
			}
		}
		return check{Name: "scanner", Status: statusFail, Detail: spec + ": no such USB serial device",
			Fix: "plug the scanner in and set it to USB serial (CDC/ACM) mode; scanterm scan --list shows what is connected"}
	case sp.Kind == "serial" || sp.Kind == "evdev":
		return deviceAccess(spec, sp.Path)
	}
	return check{Name: "scanner", Status: statusOK, Detail: spec + ": nothing to check"}
}

// deviceAccess checks that path exists and this user may read and write it
// (a serial port is written for its settings; an evdev grab needs write).
func deviceAccess(what, path string) check {
	c := check{Name: "scanner"}
	if _, err := os.Stat(path); err != nil {
		c.Status, c.Detail = statusFail, fmt.Sprintf("%s: not present", what)
		c.Fix = "plug the scanner in and check the cable; scanterm scan --list shows what is connected"
		return c
	}
	if err := unix.Access(path, unix.R_OK|unix.W_OK); err != nil {
		c.Status, c.Detail = statusFail, fmt.Sprintf("%s: permission denied", what)
		c.Fix = "add the user to the device's group (serial: dialout, HID: input): sudo usermod -aG dialout,input USER, then log in again"
		return c
	}
	c.Status, c.Detail = statusOK, what+": present, readable and writable"
	return c
}

func (d *doctor) enrolment() (*client.Enrollment, check) {
	c := check{Name: "enrolment"}
	e, err := client.LoadEnrollment(d.data)
	switch {
	case errors.Is(err, client.ErrNotEnrolled):
		c.Status, c.Detail = statusFail, "not enrolled"
		c.Fix = "on the hub: scanhub device add NAME; here: scanterm enroll URL CODE --fingerprint sha256:… (as scanhub serve printed it)"
		return nil, c
	case err != nil:
		c.Status, c.Detail, c.Fix = statusFail, err.Error(), "check "+filepath.Join(d.data, client.EnrollmentFile)+" (or enrol again)"
		return nil, c
	}
	mode := "https, certificate pinned " + shortFingerprint(e.Fingerprint)
	if strings.HasPrefix(e.HubURL, "http://") {
		mode = "plain http"
	}
	c.Status, c.Detail = statusOK, fmt.Sprintf("device %s at %s (%s)", e.Device, e.HubURL, mode)
	if strings.HasPrefix(e.HubURL, "http://") && e.AllowHTTP {
		c.Status = statusWarn
		c.Fix = "plain http off this machine: anyone on the network can read and forge syncs; enrol again with the hub's https URL"
	}
	return &e, c
}

func shortFingerprint(fp string) string {
	if len(fp) > len("sha256:")+16 {
		return fp[:len("sha256:")+16] + "…"
	}
	return fp
}

// hub probes the enrolled hub and, from its Date header, the clock offset.
func (d *doctor) hub(ctx context.Context, e *client.Enrollment) (hub, clock check) {
	hub, clock = check{Name: "hub"}, check{Name: "clock"}
	if e == nil {
		hub.Status, hub.Detail = statusWarn, "not checked: not enrolled"
		clock.Status, clock.Detail = statusWarn, "not measured: not enrolled"
		return hub, clock
	}
	p, err := client.ProbeHub(ctx, *e, d.timeout)
	if err != nil {
		hub.Status, hub.Detail = statusFail, err.Error()
		hub.Fix = "check the network and that the hub runs (on the hub: systemctl status scanhub); work is kept here and syncs once the hub answers"
		if errors.Is(err, client.ErrFingerprint) {
			hub.Fix = "the hub's certificate is not the one pinned: if the hub's certificate was replaced on purpose, enrol again with its new fingerprint; otherwise something is in the way"
		}
		clock.Status, clock.Detail = statusWarn, "not measured: hub unreachable"
		return hub, clock
	}
	hub.Status, hub.Detail = statusOK, fmt.Sprintf("%s answers %s, sync protocol %d, in %s", e.HubURL, p.Status, p.Protocol, p.Received.Sub(p.Sent).Round(time.Millisecond))
	if p.Protocol != wire.ProtocolVersion {
		hub.Status = statusFail
		hub.Fix = fmt.Sprintf("this terminal speaks sync protocol %d: update the terminal or the hub so they match", wire.ProtocolVersion)
	}
	if p.HubTime.IsZero() {
		clock.Status, clock.Detail = statusWarn, "not measured: the hub sent no Date header"
		return hub, clock
	}
	off := p.ClockOffset().Round(time.Second)
	abs := max(off, -off)
	clock.Detail = fmt.Sprintf("%s against the hub", signedDuration(off))
	switch {
	case abs > clockFail:
		clock.Status = statusFail
	case abs > clockWarn:
		clock.Status = statusWarn
	default:
		clock.Status = statusOK
	}
	if clock.Status != statusOK {
		clock.Fix = "turn on time synchronisation on the terminal and the hub (timedatectl set-ntp true) or set the clock; event times and expiry checks use it"
	}
	return hub, clock
}

func signedDuration(d time.Duration) string {
	switch {
	case d > 0:
		return "+" + d.String() + " (ahead)"
	case d < 0:
		return d.String() + " (behind)"
	}
	return "0s"
}

// groups lists the user's groups and fails when a configured source needs a
// group the user is not in (dialout for serial ports, input for evdev).
func (d *doctor) groups() check {
	c := check{Name: "groups"}
	u, err := user.Current()
	if err != nil {
		c.Status, c.Detail = statusWarn, "unknown user: "+err.Error()
		return c
	}
	ids, err := u.GroupIds()
	if err != nil {
		c.Status, c.Detail = statusWarn, fmt.Sprintf("%s: groups unknown: %v", u.Username, err)
		return c
	}
	have := map[string]bool{}
	var names []string
	for _, id := range ids {
		if g, err := user.LookupGroupId(id); err == nil {
			have[g.Name] = true
			names = append(names, g.Name)
		}
	}
	sort.Strings(names)
	c.Status, c.Detail = statusOK, fmt.Sprintf("%s: %s", u.Username, strings.Join(names, " "))
	if u.Uid == "0" {
		return c // root reaches every device
	}
	need := map[string]bool{}
	for _, spec := range d.sources {
		if sp, err := scanner.ParseSpec(spec); err == nil {
			switch sp.Kind {
			case "serial":
				need["dialout"] = true
			case "evdev":
				need["input"] = true
			}
		}
	}
	if len(d.scanners) > 0 {
		need["dialout"], need["input"] = true, true
	}
	var missing []string
	for g := range need {
		if !have[g] {
			missing = append(missing, g)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		c.Status = statusFail
		c.Fix = fmt.Sprintf("the scanners need group %s: sudo usermod -aG %s %s, then log in again", strings.Join(missing, " and "), strings.Join(missing, ","), u.Username)
	}
	return c
}
