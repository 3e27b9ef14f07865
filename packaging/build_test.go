package packaging

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/packaging/internal/debs"
)

// The packages are built once per test binary with `make package`, the
// command a release uses (binaries for every architecture, then nfpm), so
// these tests check what a site would install. A warm build cache makes
// this a matter of seconds; a cold one takes a few minutes.
var (
	buildOnce sync.Once
	buildErr  error
	built     struct {
		root, dist string
		version    string // what --version prints
	}
)

func packages(t testing.TB) (root, dist, version string) {
	t.Helper()
	buildOnce.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command("make", "package")
		cmd.Dir = root
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			buildErr = &cmdFailure{"make package", err, out.String()}
			return
		}
		v, err := exec.Command(filepath.Join(root, "bin", "scanterm"), "--version").Output()
		if err != nil {
			buildErr = err
			return
		}
		built.root, built.dist = root, filepath.Join(root, "dist")
		built.version = strings.TrimPrefix(strings.TrimSpace(string(v)), "scanterm ")
	})
	if buildErr != nil {
		t.Fatalf("build the packages: %v", buildErr)
	}
	return built.root, built.dist, built.version
}

type cmdFailure struct {
	what string
	err  error
	out  string
}

func (c *cmdFailure) Error() string { return c.what + ": " + c.err.Error() + "\n" + c.out }

// debPath is the package file of t as `make package` names it.
func debPath(t testing.TB, target debs.Target) string {
	t.Helper()
	_, dist, version := packages(t)
	return filepath.Join(dist, debs.FileName(target, debs.Version(version)))
}

// extract unpacks a package into a new scratch root, as dpkg would lay
// it out on a device.
func extract(t testing.TB, target debs.Target) string {
	t.Helper()
	root := t.TempDir()
	run(t, "dpkg-deb", "-x", debPath(t, target), root)
	return root
}

// run runs a command to completion and returns its stdout; a failure
// fails the test with both streams.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	return runIn(t, "", name, args...)
}

func runIn(t testing.TB, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// hubProc is a running `scanhub serve`, under whichever loader.
type hubProc struct {
	url  string
	cmd  *exec.Cmd
	out  *bytes.Buffer // everything it printed
	mu   *sync.Mutex
	done chan struct{}
	err  error
}

var listening = regexp.MustCompile(`listening on (https?://\S+)`)

// startHub starts argv (a scanhub serve command line) and waits for it
// to print the address it listens on. It is stopped with SIGTERM at the
// end of the test.
func startHub(t testing.TB, argv []string) *hubProc {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %v: %v", argv, err)
	}
	h := &hubProc{cmd: cmd, out: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			h.mu.Lock()
			h.out.WriteString(sc.Text() + "\n")
			h.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	go func() { h.err = cmd.Wait(); pw.Close(); close(h.done) }()
	t.Cleanup(func() { h.stop(t) })
	select {
	case h.url = <-urls:
		return h
	case <-h.done:
	case <-time.After(2 * time.Minute): // emulated start-up is slow on a busy machine
	}
	t.Fatalf("%v did not print its address (%v):\n%s", argv, h.err, h.output())
	return nil
}

func (h *hubProc) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.String()
}

// stop sends SIGTERM and waits for a clean exit.
func (h *hubProc) stop(t testing.TB) {
	t.Helper()
	select {
	case <-h.done:
		return
	default:
	}
	h.cmd.Process.Signal(os.Interrupt)
	select {
	case <-h.done:
	case <-time.After(time.Minute):
		h.cmd.Process.Kill()
		<-h.done
		t.Errorf("scanhub did not stop on SIGINT:\n%s", h.output())
	}
}
