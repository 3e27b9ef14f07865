package packaging

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/packaging/internal/debs"
)

// The arm packages' binaries run here under qemu user-mode emulation, with
// the cross toolchain's C library as their root (-L): no binfmt setup is
// needed, so this works in any container that can run qemu-*-static.
var emulators = map[string]struct{ qemu, sysroot string }{
	"arm64": {"qemu-aarch64-static", "/usr/aarch64-linux-gnu"},
	"armhf": {"qemu-arm-static", "/usr/arm-linux-gnueabihf"},
}

// emulated returns argv running the packaged binary name of arch under qemu.
func emulated(t testing.TB, arch, name string) []string {
	t.Helper()
	em := emulators[arch]
	qemu, err := exec.LookPath(em.qemu)
	if err != nil {
		t.Fatalf("%s is missing: the arm builds cannot be proven without it (make test-deps installs qemu-user-static; or apt-get install qemu-user-static)", em.qemu)
	}
	if _, err := os.Stat(filepath.Join(em.sysroot, "lib")); err != nil {
		t.Fatalf("%s is missing: the %s C library comes with the cross compiler (make test-deps / make cross install it)", em.sysroot, arch)
	}
	root := extract(t, debs.Target{Name: name, Arch: arch})
	return []string{qemu, "-L", em.sysroot, filepath.Join(root, "usr/bin", name)}
}

func native(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(extract(t, debs.Target{Name: name, Arch: "amd64"}), "usr/bin", name)
}

func runArgv(t testing.TB, stdin string, argv []string, args ...string) string {
	t.Helper()
	return runIn(t, stdin, argv[0], append(append([]string{}, argv[1:]...), args...)...)
}

// gs1 parse on a corpus of good and bad barcodes answers byte for byte as
// the amd64 build does, on both arm builds.
func TestCrossGS1Parse(t *testing.T) {
	root, _, _ := packages(t)
	corpus, err := os.ReadFile(filepath.Join(root, "packaging/testdata/gs1-corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := runIn(t, string(corpus), native(t, "scanterm"), "gs1", "parse", "--json")
	if !strings.Contains(want, `"ok":true`) || !strings.Contains(want, `"ok":false`) {
		t.Fatalf("the corpus should hold good and bad barcodes; amd64 says:\n%s", want)
	}
	for arch := range emulators {
		t.Run(arch, func(t *testing.T) {
			got := runArgv(t, string(corpus), emulated(t, arch, "scanterm"), "gs1", "parse", "--json")
			if got != want {
				t.Errorf("%s gs1 parse differs from amd64:\n%s\nwant:\n%s", arch, got, want)
			}
		})
	}
}

// startDemoHub runs argv's scanhub with the demo data on a fresh SQLite
// file, serving on 127.0.0.1.
func startDemoHub(t testing.TB, argv []string) (h *hubProc, dsn string) {
	t.Helper()
	dsn = "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	runArgv(t, "", argv, "demo", "--db", dsn)
	return startHub(t, append(append([]string{}, argv...), "serve", "--db", dsn, "--listen", "127.0.0.1:0")), dsn
}

func addDevice(t testing.TB, hubArgv []string, dsn, name string) string {
	t.Helper()
	var added struct{ Code string }
	if err := json.Unmarshal([]byte(runArgv(t, "", hubArgv, "device", "add", name, "--db", dsn, "--json")), &added); err != nil || added.Code == "" {
		t.Fatalf("device add %s: %v", name, err)
	}
	return added.Code
}

const receiveScan = "(01)09506000134352(17)271231(10)CROSS1\n"

// Each arm terminal enrols with an amd64 hub, runs `station receive` on its
// own SQLite file, and pushes the receipt; the amd64 build then reads the
// arm-written file, and the hub holds the event.
func TestCrossStationReceive(t *testing.T) {
	hubBin := []string{native(t, "scanhub")}
	h, dsn := startDemoHub(t, hubBin)
	for arch := range emulators {
		t.Run(arch, func(t *testing.T) {
			term := emulated(t, arch, "scanterm")
			data := t.TempDir()
			dev := "hh-" + arch
			runArgv(t, "", term, "enroll", h.url, addDevice(t, hubBin, dsn, dev), "--data", data)
			out := runArgv(t, receiveScan, term, "station", "receive", "--po", "PO-1001", "--location", "DOCK-1", "--json", "--data", data)
			if !strings.Contains(out, `"ok":true`) {
				t.Fatalf("%s station receive: %s", arch, out)
			}
			// The amd64 build reads the file the arm build wrote.
			if evs := runIn(t, "", native(t, "scanterm"), "events", "--json", "--data", data); !strings.Contains(evs, `"lot":"CROSS1"`) {
				t.Errorf("amd64 reading %s's database: %s", arch, evs)
			}
			runArgv(t, "", term, "sync", "--once", "--data", data)
			if evs := runArgv(t, "", hubBin, "events", "--device", dev, "--json", "--db", dsn); !strings.Contains(evs, "CROSS1") {
				t.Errorf("hub events of %s: %s", dev, evs)
			}
		})
	}
}

// The arm64 hub (the hub package's other architecture) serves an amd64
// terminal's enrolment and sync.
func TestCrossArm64HubServesAmd64Terminal(t *testing.T) {
	hubArgv := emulated(t, "arm64", "scanhub")
	h, dsn := startDemoHub(t, hubArgv)
	term := native(t, "scanterm")
	data := t.TempDir()
	runIn(t, "", term, "enroll", h.url, addDevice(t, hubArgv, dsn, "pc-1"), "--data", data)
	out := runIn(t, receiveScan, term, "station", "receive", "--po", "PO-1001", "--location", "DOCK-1", "--json", "--data", data)
	if !strings.Contains(out, `"ok":true`) {
		t.Fatalf("station receive: %s", out)
	}
	runIn(t, "", term, "sync", "--once", "--data", data)
	if evs := runArgv(t, "", hubArgv, "events", "--device", "pc-1", "--json", "--db", dsn); !strings.Contains(evs, "CROSS1") {
		t.Errorf("arm64 hub events: %s", evs)
	}
}

// The TUI's first screen, under tmux at the handheld's 30×16, is the same
// on the arm builds as on amd64.
func TestCrossTUIFirstScreen(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is missing (make test-deps installs it)")
	}
	want := firstScreen(t, tmux, []string{native(t, "scanterm")})
	if !strings.Contains(want, "Sign in") {
		t.Fatalf("amd64 first screen:\n%s", want)
	}
	for arch := range emulators {
		t.Run(arch, func(t *testing.T) {
			if got := firstScreen(t, tmux, emulated(t, arch, "scanterm")); got != want {
				t.Errorf("%s first screen:\n%s\nwant (amd64):\n%s", arch, got, want)
			}
		})
	}
}

// firstScreen runs `scanterm run` on a new data folder in tmux at 30×16
// and returns the screen once the sign-in screen and its status bar show.
func firstScreen(t testing.TB, tmux string, argv []string) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	data := t.TempDir()
	var cmd []string
	for _, a := range append(argv, "run", "--data", data) {
		cmd = append(cmd, strconv.Quote(a))
	}
	line := "env SCANTERM_CONFIG=: " + strings.Join(cmd, " ") + " 2>" + strconv.Quote(filepath.Join(data, "stderr.log"))
	if out, err := exec.Command(tmux, "-S", sock, "new-session", "-d", "-s", "x", "-x", "30", "-y", "16", line).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	defer exec.Command(tmux, "-S", sock, "kill-server").Run()
	deadline := time.Now().Add(2 * time.Minute) // emulation on a busy machine
	for {
		out, _ := exec.Command(tmux, "-S", sock, "capture-pane", "-p", "-t", "x").CombinedOutput()
		s := string(out)
		if strings.Contains(s, "Sign in") && strings.Contains(s, "not enrolled") {
			return s
		}
		if time.Now().After(deadline) {
			stderr, _ := os.ReadFile(filepath.Join(data, "stderr.log"))
			t.Fatalf("no first screen:\n%s\nstderr:\n%s", s, stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
