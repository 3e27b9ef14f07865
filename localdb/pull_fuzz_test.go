package localdb

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/scanterm/scanterm/sync/wire"
)

// FuzzApplyChanges feeds arbitrary pull pages to a terminal: none panics,
// and a page that is refused leaves nothing of itself behind (the cursor
// stays where it was).
func FuzzApplyChanges(f *testing.F) {
	seed, _ := json.Marshal(seedChanges())
	f.Add(seed)
	f.Add([]byte(`{"cursor":"c2","products":[{"gtin":"<script>","name":"x","tracking":"warp","version":1}]}`))
	f.Add([]byte(`{"cursor":"c2","lots":[{"gtin":"09506000134352","lot":"","status":"gone","version":-1}]}`))
	f.Add([]byte(`{"cursor":"","purchase_orders":[{"id":"P","lines":[{"line":-1,"gtin":"x","qty":-9223372036854775808}]}]}`))
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(f.TempDir(), "terminal.db"), Options{Now: fixedNow})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	if err := db.SetDevice(ctx, "term-1"); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		var ch wire.Changes
		if json.Unmarshal(page, &ch) != nil {
			return
		}
		before, err := db.Cursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ApplyChanges(ctx, ch); err != nil {
			if after, _ := db.Cursor(ctx); after != before {
				t.Fatalf("a refused page moved the cursor from %q to %q", before, after)
			}
		}
	})
}
