package packaging

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// BenchmarkStartToFirstFrame measures from exec of `scanterm run` in a
// 30×16 pseudo-terminal to the sign-in screen's first frame: what a
// technician waits for when the kiosk restarts the UI. The data folder is
// made by one untimed run first, as on a terminal in service. The arm64
// case runs the arm64 package under qemu; its ratio to amd64 is the
// emulator's cost, not an ARM device's speed. The exec-version cases time
// `scanterm version`, the floor that process start-up alone costs on this
// machine at the time (a busy machine shows it first).
//
//	go test ./packaging -run '^$' -bench StartToFirstFrame -benchtime 20x
func BenchmarkStartToFirstFrame(b *testing.B) {
	for _, arch := range []string{"amd64", "arm64"} {
		b.Run(arch, func(b *testing.B) {
			argv := benchArgv(b, arch)
			data := b.TempDir()
			firstFrame(b, argv, data)
			var total time.Duration
			for b.Loop() {
				total += firstFrame(b, argv, data)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/first-frame")
		})
		b.Run(arch+"-exec-version", func(b *testing.B) {
			argv := benchArgv(b, arch)
			var total time.Duration
			for b.Loop() {
				start := time.Now()
				if out, err := exec.Command(argv[0], append(argv[1:len(argv):len(argv)], "version")...).CombinedOutput(); err != nil {
					b.Fatalf("version: %v\n%s", err, out)
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/exec")
		})
	}
}

// benchArgv builds the packages (as the tests do) and returns how to run
// the scanterm of arch.
func benchArgv(b *testing.B, arch string) []string {
	b.Helper()
	if arch == "amd64" {
		return []string{native(b, "scanterm")}
	}
	return emulated(b, arch, "scanterm")
}

// firstFrame starts argv's scanterm on data on a pty and returns the time until
// "Sign in" is on the screen.
func firstFrame(b *testing.B, argv []string, data string) time.Duration {
	b.Helper()
	master, slave := openPTY(b, 30, 16)
	defer master.Close()
	cmd := exec.Command(argv[0], append(append([]string{}, argv[1:]...), "run", "--data", data)...)
	cmd.Env = append(os.Environ(), "SCANTERM_CONFIG=:", "TERM=xterm-256color")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	slave.Close()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var screen []byte
	buf := make([]byte, 4096)
	master.SetReadDeadline(time.Now().Add(2 * time.Minute))
	for !bytes.Contains(screen, []byte("Sign in")) {
		n, err := master.Read(buf)
		screen = append(screen, buf[:n]...)
		if err != nil {
			b.Fatalf("no first frame: %v\n%q", err, screen)
		}
	}
	return time.Since(start)
}

// openPTY opens a pseudo-terminal of w×h and returns its master and slave.
func openPTY(b *testing.B, w, h int) (master, slave *os.File) {
	b.Helper()
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		b.Fatalf("open /dev/ptmx: %v", err)
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		b.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		b.Fatalf("pty number: %v", err)
	}
	if err := unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Col: uint16(w), Row: uint16(h)}); err != nil {
		b.Fatalf("pty size: %v", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		b.Fatalf("open pty slave: %v", err)
	}
	return master, slave
}
