package sqlitestore_test

import (
	"context"
	"path/filepath"
	"testing"

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
