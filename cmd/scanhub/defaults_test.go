package main

import (
	"os"
	"path/filepath"
	"testing"
)

// --db's default: the environment, else the service's settings file (as
// the package installs it), else the developer's ./var.
func TestDefaultDB(t *testing.T) {
	p := filepath.Join(t.TempDir(), "scanhub")
	os.WriteFile(p, []byte("# settings\nSCANHUB_LISTEN=0.0.0.0:8443\nSCANHUB_DB=\"sqlite:/var/lib/scanhub/hub.db\"\n"), 0o644)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := defaultDB(env(nil), p); got != "sqlite:/var/lib/scanhub/hub.db" {
		t.Errorf("from the file: %q", got)
	}
	if got := defaultDB(env(map[string]string{"SCANHUB_DB": "postgres://x"}), p); got != "postgres://x" {
		t.Errorf("from the environment: %q", got)
	}
	if got := defaultDB(env(nil), filepath.Join(t.TempDir(), "none")); got != "sqlite:./var/hub.db" {
		t.Errorf("without a file: %q", got)
	}
}
