package client_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/scanterm/scanterm/sync/hub/pgtest"
)

// copyFiles reads an SQLite database and its -wal/-shm companions (those
// that exist), as a backup taken while the hub was stopped.
func copyFiles(tb testing.TB, dir, name string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, name+suffix))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		out[name+suffix] = b
	}
	return out
}

// restoreFiles puts a backup back, removing companions the backup lacks.
func restoreFiles(tb testing.TB, dir, name string, backup map[string][]byte) {
	tb.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		p := filepath.Join(dir, name+suffix)
		b, ok := backup[name+suffix]
		if !ok {
			os.Remove(p)
			continue
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// pgDSN starts a throwaway PostgreSQL for tb (never skipped: the hub's
// second store must be tested for real).
func pgDSN(tb testing.TB) string {
	return pgtest.Start(tb)
}
