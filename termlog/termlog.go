// Package termlog is the terminal's own log: a size-capped file in its data
// folder that a site technician can read after the fact (sync errors, the
// hub's refusals, scanners connecting and going away). When the file passes
// its cap it is renamed to NAME.1 (replacing the previous one) and a new
// file is started, so the log never holds more than about twice the cap.
package termlog

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// FileName is the log's name in the data folder.
const FileName = "scanterm.log"

// DefaultMax is the cap of one file when Open is given 0.
const DefaultMax = 1 << 20

// File is an io.Writer appending to DIR/scanterm.log with rotation. Safe
// for concurrent use; each Write lands whole in one file.
type File struct {
	mu   sync.Mutex
	path string
	max  int64
	f    *os.File
	size int64
}

// Open opens (creating, mode 0600) the log in dir; max <= 0 means
// DefaultMax.
func Open(dir string, max int64) (*File, error) {
	if max <= 0 {
		max = DefaultMax
	}
	l := &File{path: filepath.Join(dir, FileName), max: max}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past its cap.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

func (l *File) rotate() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	l.f = nil
	if err := os.Rename(l.path, l.path+".1"); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	return l.open()
}

// Close closes the file.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// Logger is a text slog.Logger writing to l at Info and above.
func (l *File) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
