//go:build linux

// Package ptytest gives tests a real serial line: a pseudo-terminal pair
// whose slave end is reached through a stable symlink (like
// /dev/serial/by-id/...), so a test can "unplug" the device by closing the
// master and "plug it back" by creating a new pair behind the same path.
package ptytest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// Line is a pty pair standing in for a scanner on a serial cable. The
// test writes what the scanner would send to the master; the code under
// test opens Path as it would open /dev/ttyACM0.
type Line struct {
	tb     testing.TB
	Path   string // stable symlink to the current slave
	master *os.File
	slave  string
}

// New creates a pty pair and a symlink named name (e.g. "ttyACM0") in a
// temporary directory pointing at its slave. It is closed at tb.Cleanup.
func New(tb testing.TB, name string) *Line {
	tb.Helper()
	l := &Line{tb: tb, Path: filepath.Join(tb.TempDir(), name)}
	l.Plug()
	tb.Cleanup(func() { l.Unplug() })
	return l
}

// Plug creates a new pty pair and points Path at its slave (atomically).
// Bytes written before the code under test opens the slave are kept in
// the line's input buffer, as a USB CDC device's would be once it is up.
func (l *Line) Plug() {
	l.tb.Helper()
	if l.master != nil {
		l.tb.Fatalf("ptytest: Plug while plugged")
	}
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		l.tb.Fatalf("ptytest: open /dev/ptmx: %v", err)
	}
	// unlockpt(3) and ptsname(3) without cgo.
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		unix.Close(fd)
		l.tb.Fatalf("ptytest: unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		unix.Close(fd)
		l.tb.Fatalf("ptytest: pty number: %v", err)
	}
	// Raw mode now, before the reader opens the slave: otherwise the line
	// discipline would turn CR into LF and echo bytes back.
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		unix.Close(fd)
		l.tb.Fatalf("ptytest: get termios: %v", err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		unix.Close(fd)
		l.tb.Fatalf("ptytest: set raw mode: %v", err)
	}
	l.master = os.NewFile(uintptr(fd), "/dev/ptmx")
	l.slave = fmt.Sprintf("/dev/pts/%d", n)
	tmp := l.Path + ".new"
	os.Remove(tmp)
	if err := os.Symlink(l.slave, tmp); err != nil {
		l.tb.Fatalf("ptytest: symlink: %v", err)
	}
	if err := os.Rename(tmp, l.Path); err != nil {
		l.tb.Fatalf("ptytest: re-point symlink: %v", err)
	}
}

// Unplug closes the master, as pulling the cable does: the reader's next
// read fails and the slave device goes away. The symlink stays, dangling.
func (l *Line) Unplug() {
	if l.master == nil {
		return
	}
	l.master.Close()
	l.master = nil
}

// Slave is the current slave device path (/dev/pts/N).
func (l *Line) Slave() string { return l.slave }

// Write sends bytes as the scanner would, failing the test on error.
func (l *Line) Write(b []byte) {
	l.tb.Helper()
	if l.master == nil {
		l.tb.Fatalf("ptytest: Write while unplugged")
	}
	if _, err := l.master.Write(b); err != nil {
		l.tb.Fatalf("ptytest: write: %v", err)
	}
}
