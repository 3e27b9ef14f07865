package termlog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotatesAtCap(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, 200)
	if err != nil {
		t.Fatal(err)
	}
	log := l.Logger()
	for i := 0; i < 20; i++ {
		log.Warn("sync failed", "attempt", i)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(filepath.Join(dir, FileName+".1"))
	if err != nil {
		t.Fatalf("no rotated file: %v", err)
	}
	if len(cur) > 200 || len(old) > 200 || len(cur) == 0 {
		t.Fatalf("files of %d and %d bytes, cap 200", len(cur), len(old))
	}
	if !strings.Contains(string(cur), "attempt=19") || strings.Count(string(cur)+string(old), "\n") < 2 {
		t.Fatalf("the newest line is not in the current file:\n%s", cur)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(cur)+string(old)), "\n") {
		if !strings.HasPrefix(line, "time=") {
			t.Fatalf("a line cut by rotation: %q", line)
		}
	}
	// Reopened, it appends and keeps counting the existing size.
	l, err = Open(dir, 200)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.size != int64(len(cur)) {
		t.Fatalf("reopened log size %d, want %d", l.size, len(cur))
	}
	fi, _ := os.Stat(filepath.Join(dir, FileName))
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("log mode %v, want 0600", fi.Mode().Perm())
	}
}
