package sqlitestore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub/sqlitestore"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/hub/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(t *testing.T) store.Store {
		path := filepath.Join(t.TempDir(), "hub.db")
		return func(t *testing.T) store.Store {
			s, err := sqlitestore.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}

// TestGroupCommitIsolatesFailures: writes that share a group commit must
// not share a fate. Pushes for an unknown device fail inside the group
// while the good pushes around them commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	const devices, pushes = 8, 20
	for d := range devices {
		name := fmt.Sprintf("d%d", d)
		if err := s.AddDevice(ctx, name, "c"+name, time.Now().Add(time.Hour), time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Enroll(ctx, "c"+name, "t"+name, "", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, devices*pushes*2)
	for d := range devices {
		wg.Add(2)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("d%d", d)
			for i := range pushes {
				e := storetest.Ev(name, int64(i+1), inventory.KindReceive, "09506000134352", "L", "", 1, "", "DOCK")
				if _, err := s.Push(ctx, name, []inventory.Event{e}, time.Now()); err != nil {
					errs <- err
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range pushes {
				e := storetest.Ev("ghost", int64(i+1), inventory.KindReceive, "09506000134352", "L", "", 1, "", "DOCK")
				if _, err := s.Push(ctx, "ghost", []inventory.Event{e}, time.Now()); !errors.Is(err, store.ErrUnauthorized) {
					errs <- fmt.Errorf("ghost push: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Reopen: what was acknowledged is on disk.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, err := s.Events(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != devices*pushes {
		t.Fatalf("%d events after reopen, want %d", len(evs), devices*pushes)
	}
	if _, err := s.Push(ctx, "d0", nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	s2, _ := sqlitestore.Open(ctx, path)
	s2.Close()
	if _, err := s2.Push(ctx, "d0", nil, time.Now()); err == nil {
		t.Fatal("push on a closed store succeeded")
	}
}

// TestUpgradeBeforeSSCC: a hub.db written before events had an sscc
// column opens in place, keeps its events and stores SSCCs from then on.
func TestUpgradeBeforeSSCC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.Upgrade(t, "INTEGER PRIMARY KEY AUTOINCREMENT",
		func(t *testing.T, stmt string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(context.Background(), stmt, args...); err != nil {
				t.Fatalf("old schema: %v\n%s", err, stmt)
			}
		},
		func(t *testing.T) store.Store {
			s, err := sqlitestore.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
}

// TestFilesPrivate: hub.db holds PIN and token hashes, so it and its WAL
// and shared-memory files are created readable by the hub's user only,
// whatever the umask.
func TestFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "hub.db")
	s, err := sqlitestore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A write makes the WAL.
	if err := s.AddDevice(context.Background(), "d", "code", time.Now().Add(time.Hour), time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(f), m)
		}
	}
}
