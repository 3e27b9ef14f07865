//go:build linux

package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/scanner/ptytest"
)

// openHelperEnv makes the test binary open the source spec it holds and
// print the error instead of running tests: the child process of the
// access tests.
const openHelperEnv = "SCANNER_TEST_OPEN_SPEC"

func TestMain(m *testing.M) {
	if spec := os.Getenv(openHelperEnv); spec != "" {
		src, err := scanner.Open(spec, scanner.Options{FailFast: true})
		if err == nil {
			ctx, cancel := context.WithCancel(context.Background())
			err = src.Run(ctx, func(e scanner.Event) {
				if e.Status != nil && e.Status.Connected {
					cancel() // opened fine
				}
			})
		}
		switch {
		case errors.Is(err, scanner.ErrBusy):
			fmt.Print("BUSY ")
		case errors.Is(err, scanner.ErrPermission):
			fmt.Print("PERMISSION ")
		case err == nil:
			fmt.Print("OPENED ")
		}
		fmt.Println(err)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// openAsNobody runs the open in a child process as user nobody (65534),
// from a world-readable copy of the test binary.
func openAsNobody(t *testing.T, spec string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "scanner-access-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "scanner.test")
	in, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(out, in)
	in.Close()
	out.Close()
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), openHelperEnv+"="+spec)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper as nobody: %v: %s", err, b)
	}
	return strings.TrimSpace(string(b))
}

// TestSerialAccessErrors provokes the real busy and permission errors: a
// port held open (go.bug.st/serial sets TIOCEXCL) refuses a second,
// unprivileged opener with EBUSY; a port the user may not open gives
// EACCES, reported with the dialout group to join.
func TestSerialAccessErrors(t *testing.T) {
	if os.Geteuid() != 0 {
		// Without root we cannot switch user; our own open suffices for
		// the busy case (TIOCEXCL binds every non-root process).
		line := ptytest.New(t, "ttyACM0")
		src, _ := scanner.Open("serial:"+line.Path, fastRetry())
		r := start(t, src)
		r.waitConnected()
		opt := fastRetry()
		opt.FailFast = true
		src2, _ := scanner.Open("serial:"+line.Path, opt)
		if err := src2.Run(context.Background(), func(scanner.Event) {}); !errors.Is(err, scanner.ErrBusy) {
			t.Fatalf("second open = %v, want ErrBusy", err)
		}
		return
	}
	line := ptytest.New(t, "ttyACM0")
	// The symlink lives in a private temp dir; give nobody a path.
	slave := line.Slave()

	// Permission: the pty slave is root's, mode 0620.
	if got := openAsNobody(t, "serial:"+slave); !strings.HasPrefix(got, "PERMISSION") || !strings.Contains(got, `"dialout" group`) {
		t.Fatalf("unprivileged open = %q, want a permission error naming dialout", got)
	}
	// Busy: open to everyone, but held exclusively by our reader.
	if err := os.Chmod(slave, 0o666); err != nil {
		t.Fatal(err)
	}
	if got := openAsNobody(t, "serial:"+slave); !strings.HasPrefix(got, "OPENED") {
		t.Fatalf("open of a free port as nobody = %q, want it to open", got)
	}
	src, _ := scanner.Open("serial:"+line.Path, fastRetry())
	r := start(t, src)
	r.waitConnected()
	if got := openAsNobody(t, "serial:"+slave); !strings.HasPrefix(got, "BUSY") || !strings.Contains(got, "fuser") {
		t.Fatalf("open of a held port = %q, want busy with advice", got)
	}
}

// TestEvdevPermissionAdvice: an input device the user may not read is
// reported with the "input" group to join.
func TestEvdevPermissionAdvice(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the open as another user")
	}
	dir, err := os.MkdirTemp("", "scanner-input-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	dev := filepath.Join(dir, "event5")
	if err := os.WriteFile(dev, nil, 0o600); err != nil { // like /dev/input/event*: root:input 0660
		t.Fatal(err)
	}
	if got := openAsNobody(t, "evdev:"+dev); !strings.HasPrefix(got, "PERMISSION") || !strings.Contains(got, `"input" group`) {
		t.Fatalf("unprivileged open = %q, want a permission error naming input", got)
	}
}
