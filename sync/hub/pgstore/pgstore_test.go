package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/scanterm/scanterm/sync/hub/pgstore"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/hub/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(t *testing.T) store.Store {
		url := pgtest.Start(t)
		return func(t *testing.T) store.Store {
			s, err := pgstore.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}

func TestPoolMaxConns(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t)
	if _, err := pgstore.Open(ctx, url+"&pool_max_conns=zero"); err == nil {
		t.Fatal("pool_max_conns=zero accepted")
	}
	s, err := pgstore.Open(ctx, url+"&pool_max_conns=1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One connection, many callers: they queue instead of failing.
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := s.Devices(ctx)
			if err == nil {
				err = s.AddDevice(ctx, fmt.Sprintf("d%d", i), "c", time.Now().Add(time.Hour), time.Now())
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	ds, err := s.Devices(ctx)
	if err != nil || len(ds) != 8 {
		t.Fatalf("devices: %d %v", len(ds), err)
	}
}

// TestUpgradeBeforeSSCC: a database written before events had an sscc
// column opens in place, keeps its events and stores SSCCs from then on.
func TestUpgradeBeforeSSCC(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	storetest.Upgrade(t, "BIGSERIAL PRIMARY KEY",
		func(t *testing.T, stmt string, args ...any) {
			t.Helper()
			// The stores write "?" placeholders; PostgreSQL wants $n.
			for i := range args {
				stmt = strings.Replace(stmt, "?", fmt.Sprintf("$%d", i+1), 1)
			}
			if _, err := conn.Exec(ctx, stmt, args...); err != nil {
				t.Fatalf("old schema: %v\n%s", err, stmt)
			}
		},
		func(t *testing.T) store.Store {
			s, err := pgstore.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
}
