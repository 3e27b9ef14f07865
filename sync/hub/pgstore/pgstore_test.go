package pgstore_test

import (
	"context"
	"testing"

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
