package pgtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewestBinPicksNewestCompleteVersion builds a fake /usr/lib/postgresql
// tree: the newest major version with every program pgtest runs wins;
// incomplete, too old and non-version directories are passed over, and
// versions compare as numbers (10 is newer than 9).
func TestNewestBinPicksNewestCompleteVersion(t *testing.T) {
	root := t.TempDir()
	install := func(version string, progs ...string) {
		bin := filepath.Join(root, version, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range progs {
			if err := os.WriteFile(filepath.Join(bin, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := newestBin(root); err == nil || !strings.Contains(err.Error(), "no PostgreSQL 13 or later") {
		t.Fatalf("empty root: err = %v", err)
	}
	install("9", "initdb", "postgres", "pg_ctl")  // too old
	install("12", "initdb", "postgres", "pg_ctl") // too old
	if _, err := newestBin(root); err == nil {
		t.Fatal("found a version older than MinMajor")
	}
	install("14", "initdb", "postgres", "pg_ctl")
	install("17", "initdb", "pg_ctl")                                           // client-only: no server
	install("99beta", "initdb", "postgres", "pg_ctl")                           // not a version
	if err := os.WriteFile(filepath.Join(root, "18"), nil, 0o644); err != nil { // a file, not a dir
		t.Fatal(err)
	}
	if got, err := newestBin(root); err != nil || got != filepath.Join(root, "14", "bin") {
		t.Fatalf("newestBin = %q, %v; want 14", got, err)
	}
	install("16", "initdb", "postgres", "pg_ctl")
	if got, err := newestBin(root); err != nil || got != filepath.Join(root, "16", "bin") {
		t.Fatalf("newestBin = %q, %v; want 16", got, err)
	}
	// A program that is there but not executable does not count.
	install("20", "initdb", "pg_ctl")
	if err := os.WriteFile(filepath.Join(root, "20", "bin", "postgres"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := newestBin(root); got != filepath.Join(root, "16", "bin") {
		t.Fatalf("newestBin = %q; want 16 (20's postgres is not executable)", got)
	}
	if m := missingPrograms(filepath.Join(root, "20", "bin")); len(m) != 1 || m[0] != "postgres" {
		t.Fatalf("missing in 20 = %v", m)
	}
}

// TestFindBinHonoursPGTEST_BIN: the override is used as is, and one that
// lacks a program is an error naming it, not a silent fall-back.
func TestFindBinHonoursPGTEST_BIN(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PGTEST_BIN", dir)
	if _, err := FindBin(); err == nil || !strings.Contains(err.Error(), "initdb, postgres, pg_ctl") {
		t.Fatalf("empty PGTEST_BIN: err = %v", err)
	}
	for _, p := range programs {
		if err := os.WriteFile(filepath.Join(dir, p), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := FindBin(); err != nil || got != dir {
		t.Fatalf("FindBin = %q, %v; want %s", got, err, dir)
	}
}
