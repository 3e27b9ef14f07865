package pgstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

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
