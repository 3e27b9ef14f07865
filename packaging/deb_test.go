package packaging

import (
	"debug/elf"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"encoding/json"

	"github.com/scanterm/scanterm/packaging/internal/debs"
)

// Every package of `make package` is there, named NAME_VERSION_ARCH.deb,
// with the control fields dpkg and apt read.
func TestControlFields(t *testing.T) {
	_, _, version := packages(t)
	for _, tg := range debs.Targets() {
		deb := debPath(t, tg)
		fields := run(t, "dpkg-deb", "-f", deb, "Package", "Version", "Architecture", "Depends", "Maintainer", "Description")
		want := []string{"Package: " + tg.Name, "Version: " + debs.Version(version), "Architecture: " + tg.Arch, "Depends: libc6", "Maintainer: ", "Description: "}
		for _, w := range want {
			if !strings.Contains(fields, w) {
				t.Errorf("%s: control has no %q:\n%s", filepath.Base(deb), w, fields)
			}
		}
		// The configuration file is a conffile (an upgrade keeps local
		// edits), and the maintainer scripts are there and executable.
		ctrl := t.TempDir()
		run(t, "dpkg-deb", "-e", deb, ctrl)
		conffiles, err := os.ReadFile(filepath.Join(ctrl, "conffiles"))
		wantConf := map[string]string{"scanterm": "/etc/scanterm/scanterm.conf", "scanhub": "/etc/default/scanhub"}[tg.Name]
		if err != nil || strings.TrimSpace(string(conffiles)) != wantConf {
			t.Errorf("%s: conffiles %q (%v), want %s", filepath.Base(deb), conffiles, err, wantConf)
		}
		for _, s := range []string{"postinst", "prerm", "postrm"} {
			st, err := os.Stat(filepath.Join(ctrl, s))
			if err != nil || st.Mode()&0o111 == 0 {
				t.Errorf("%s: %s missing or not executable (%v)", filepath.Base(deb), s, err)
			}
			run(t, "sh", "-n", filepath.Join(ctrl, s))
		}
	}
}

// The files each package installs, with their modes, and binaries built
// for the package's architecture.
func TestContents(t *testing.T) {
	want := map[string][]string{
		"scanterm": {"-rwxr-xr-x ./usr/bin/scanterm", "-rw-r--r-- ./usr/lib/systemd/system/scanterm-kiosk.service",
			"-rw-r--r-- ./usr/lib/systemd/system/scanterm-station@.service", "-rw-r--r-- ./usr/lib/systemd/system/scanterm-sync.service",
			"-rw-r--r-- ./usr/lib/udev/rules.d/70-scanterm.rules", "-rw-r--r-- ./etc/scanterm/scanterm.conf",
			"-rw-r--r-- ./usr/lib/sysusers.d/scanterm.conf", "-rw-r--r-- ./usr/share/doc/scanterm/README.md"},
		"scanhub": {"-rwxr-xr-x ./usr/bin/scanhub", "-rw-r--r-- ./usr/lib/systemd/system/scanhub.service",
			"-rw-r--r-- ./etc/default/scanhub", "-rw-r--r-- ./usr/lib/sysusers.d/scanhub.conf", "-rw-r--r-- ./usr/share/doc/scanhub/README.md"},
	}
	machine := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "armhf": elf.EM_ARM}
	fileLine := regexp.MustCompile(`^(\S+) \S+ +\d+ \S+ \S+ (\./\S*)`)
	for _, tg := range debs.Targets() {
		listing := run(t, "dpkg-deb", "-c", debPath(t, tg))
		var got []string
		for _, l := range strings.Split(listing, "\n") {
			if m := fileLine.FindStringSubmatch(l); m != nil && m[1][0] == '-' {
				got = append(got, m[1]+" "+m[2])
			}
		}
		for _, w := range want[tg.Name] {
			if !slices.Contains(got, w) {
				t.Errorf("%s %s: no %q in\n%s", tg.Name, tg.Arch, w, listing)
			}
		}
		if len(got) != len(want[tg.Name]) {
			t.Errorf("%s %s: %d files, want %d:\n%s", tg.Name, tg.Arch, len(got), len(want[tg.Name]), listing)
		}
		root := extract(t, tg)
		f, err := elf.Open(filepath.Join(root, "usr/bin", tg.Name))
		if err != nil {
			t.Fatal(err)
		}
		if f.Machine != machine[tg.Arch] {
			t.Errorf("%s %s: binary for %v", tg.Name, tg.Arch, f.Machine)
		}
		// armhf: the hard-float ABI (EF_ARM_ABI_FLOAT_HARD), as Debian's armhf.
		if tg.Arch == "armhf" && f.FileHeader.Entry != 0 && elfFlags(t, filepath.Join(root, "usr/bin", tg.Name))&0x400 == 0 {
			t.Errorf("%s armhf: binary is not hard-float", tg.Name)
		}
		f.Close()
	}
}

// elfFlags reads e_flags of a 32-bit ELF file (debug/elf does not expose
// it).
func elfFlags(t *testing.T, path string) uint32 {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 40 {
		t.Fatalf("read %s: %v", path, err)
	}
	return uint32(b[36]) | uint32(b[37])<<8 | uint32(b[38])<<16 | uint32(b[39])<<24
}

// The packaged binaries say the version the package carries.
func TestVersionMatches(t *testing.T) {
	_, _, version := packages(t)
	for _, name := range []string{"scanterm", "scanhub"} {
		root := extract(t, debs.Target{Name: name, Arch: "amd64"})
		out := run(t, filepath.Join(root, "usr/bin", name), "--version")
		if !strings.HasPrefix(out, name+" "+version) {
			t.Errorf("%s --version: %q, want %s %s", name, out, name, version)
		}
	}
}

// The units as installed pass systemd-analyze verify (unknown keys,
// unparsable values, missing executables), the template through an
// instance.
func TestUnitsVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatal("systemd-analyze is missing: make test-deps installs systemd (apt-get install systemd)")
	}
	for _, tc := range []struct {
		pkg   string
		units []string
	}{
		{"scanhub", []string{"scanhub.service"}},
		{"scanterm", []string{"scanterm-kiosk.service", "scanterm-sync.service", "scanterm-station@receive.service"}},
	} {
		root := extract(t, debs.Target{Name: tc.pkg, Arch: "amd64"})
		for _, u := range tc.units {
			// --root makes ExecStart= resolve inside the scratch root.
			cmd := exec.Command(analyze, "verify", "--root="+root, "--man=no", "--recursive-errors=no", filepath.Join(root, "usr/lib/systemd/system", u))
			out, err := cmd.CombinedOutput()
			if err != nil || strings.Contains(string(out), u) {
				t.Errorf("systemd-analyze verify %s: %v\n%s", u, err, out)
			}
		}
	}
}

// The udev rule is well formed, as udev's own parser reads it: with
// `udevadm verify` where systemd has it (254 on), else by loading it with
// `udevadm test` in a private mount namespace where the rule is the only
// one in /etc/udev/rules.d (this machine's rules are not touched), and in
// any case by the syntax check of checkUdevRules.
func TestUdevRule(t *testing.T) {
	root := extract(t, debs.Target{Name: "scanterm", Arch: "amd64"})
	rule := filepath.Join(root, "usr/lib/udev/rules.d/70-scanterm.rules")
	if err := checkUdevRules(rule); err != nil {
		t.Error(err)
	}
	udevadm, err := exec.LookPath("udevadm")
	if err != nil {
		t.Fatal("udevadm is missing: make test-deps installs udev (apt-get install udev)")
	}
	if exec.Command(udevadm, "verify", "--help").Run() == nil {
		run(t, udevadm, "verify", "--resolve-names=never", rule)
		return
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil || os.Getuid() != 0 {
		t.Log("no udevadm verify (systemd < 254), and udevadm test needs root and unshare: the syntax check above stands alone")
		return
	}
	script := `mount -t tmpfs scanterm-rules /etc/udev/rules.d && cp "$1" /etc/udev/rules.d/ && udevadm test --action=add /sys/class/tty/tty0 2>&1`
	out, err := exec.Command(unshare, "--mount", "sh", "-c", script, "sh", rule).CombinedOutput()
	if err != nil && !strings.Contains(string(out), "70-scanterm.rules") {
		t.Logf("udevadm test could not run here (%v): the syntax check above stands alone\n%s", err, out)
		return
	}
	if !strings.Contains(string(out), "Reading rules file: /etc/udev/rules.d/70-scanterm.rules") {
		t.Fatalf("udevadm test did not read the rule:\n%s", out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "70-scanterm.rules:") {
			t.Errorf("udev says: %s", l)
		}
	}
}

// The installed scanhub, started with its unit's ExecStart and the
// package's default settings (only the state folder and the listen
// address redirected to the test's), opens the default SQLite database and
// answers /v1/health; SIGTERM stops it cleanly.
func TestInstalledHubServes(t *testing.T) {
	root := extract(t, debs.Target{Name: "scanhub", Arch: "amd64"})
	unit := readUnit(t, filepath.Join(root, "usr/lib/systemd/system/scanhub.service"))
	env := readEnvFile(t, filepath.Join(root, "etc/default/scanhub"))
	if env["SCANHUB_DB"] != "sqlite:/var/lib/scanhub/hub.db" {
		t.Errorf("default database %q", env["SCANHUB_DB"])
	}
	for key, want := range map[string]string{"StateDirectory": "scanhub", "User": "scanhub", "ProtectSystem": "strict", "NoNewPrivileges": "yes", "Restart": "on-failure", "EnvironmentFile": "/etc/default/scanhub"} {
		if unit[key] != want {
			t.Errorf("scanhub.service %s=%q, want %q", key, unit[key], want)
		}
	}
	state := t.TempDir()
	env["SCANHUB_LISTEN"] = "127.0.0.1:0"
	argv := systemdExpand(t, unit["ExecStart"], env)
	for i, a := range argv {
		a = strings.ReplaceAll(a, "/var/lib/scanhub", state)
		if a == "/usr/bin/scanhub" {
			a = filepath.Join(root, "usr/bin/scanhub")
		}
		argv[i] = a
	}
	h := startHub(t, argv)
	resp, err := http.Get(h.url + "/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Status string }
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if resp.StatusCode != 200 || health.Status != "ok" {
		t.Fatalf("health: %d %+v", resp.StatusCode, health)
	}
	if _, err := os.Stat(filepath.Join(state, "hub.db")); err != nil {
		t.Errorf("the database is not in the state folder: %v", err)
	}
	h.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-h.done:
	case <-time.After(time.Minute):
		t.Fatal("scanhub did not stop on SIGTERM")
	}
	if h.err != nil || !strings.Contains(h.output(), "scanhub: stopped") {
		t.Errorf("stop on SIGTERM: %v\n%s", h.err, h.output())
	}
}

// remove keeps each package's data, purge deletes it (the maintainer
// scripts run against a scratch root through DPKG_ROOT, which also keeps
// them from touching this machine's systemd).
func TestRemoveKeepsPurgeDeletes(t *testing.T) {
	for _, name := range []string{"scanhub", "scanterm"} {
		ctrl := t.TempDir()
		run(t, "dpkg-deb", "-e", debPath(t, debs.Target{Name: name, Arch: "amd64"}), ctrl)
		root := t.TempDir()
		data := filepath.Join(root, "var/lib", name)
		os.MkdirAll(data, 0o755)
		db := filepath.Join(data, "data.db")
		os.WriteFile(db, []byte("x"), 0o644)
		postrm := func(arg string) {
			cmd := exec.Command("sh", filepath.Join(ctrl, "postrm"), arg)
			cmd.Env = append(os.Environ(), "DPKG_ROOT="+root)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s postrm %s: %v\n%s", name, arg, err, out)
			}
		}
		postrm("remove")
		if _, err := os.Stat(db); err != nil {
			t.Errorf("%s: remove deleted the data: %v", name, err)
		}
		postrm("purge")
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("%s: purge left %s (%v)", name, data, err)
		}
	}
}
