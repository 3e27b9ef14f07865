package localdb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// A terminal.db with a damaged page (64 bytes flipped mid-file) acknowledges
// no further scan: Append refuses with ErrCorrupt and says what to do, and
// the events that can still be read are kept. A small file is checked
// before Open returns; a larger one in the background.
func TestDamagedPageStopsScans(t *testing.T) {
	t.Run("small file", func(t *testing.T) { testDamagedPage(t, 300, false) })
	t.Run("file checked in the background", func(t *testing.T) { testDamagedPage(t, 4000, true) })
}

func testDamagedPage(t *testing.T, events int, background bool) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "terminal.db")
	db, err := Open(ctx, path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetDevice(ctx, "term-1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, seedChanges()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < events; i += 100 {
		batch := make([]inventory.Event, 0, 100)
		for j := i; j < i+100 && j < events; j++ {
			batch = append(batch, receive(gtinExpiry, "LOT-"+strings.Repeat("X", j%10), "", "", 1, "DOCK1"))
		}
		if _, err := db.AppendBatch(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mid := 16*4096 + 4000 // in page 17, among its cells (they fill a page from its end)
	for i := mid; i < mid+64; i++ {
		b[i] ^= 0xFF
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	t.Logf("file %d bytes, flipped at %d", len(b), mid)
	db, err = Open(ctx, path, Options{Now: fixedNow})
	if err != nil {
		// Refusing to open is also safe (nothing can be acknowledged),
		// as long as it says what to do.
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "restore") {
			t.Fatalf("Open = %v, want ErrCorrupt with what to do", err)
		}
		return
	}
	defer db.Close()
	if fi, _ := os.Stat(path); (fi.Size() > syncCheckBytes) != background {
		t.Fatalf("file of %d bytes does not exercise the %v path", fi.Size(), map[bool]string{true: "background", false: "before-open"}[background])
	}
	for i := 0; background && db.Damage() == nil && i < 600; i++ {
		time.Sleep(50 * time.Millisecond) // the check runs while the terminal starts
	}
	if err := db.Damage(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Damage() = %v after opening a damaged file, want ErrCorrupt", err)
	}
	_, err = db.Append(ctx, receive(gtinExpiry, "LOT-NEW", "", "", 1, "DOCK1"))
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "move terminal.db aside") {
		t.Fatalf("Append on a damaged file = %v, want ErrCorrupt saying what to do", err)
	}
	if _, err := db.Events(ctx, 0, 5); err != nil && !errors.Is(err, ErrCorrupt) && !strings.Contains(err.Error(), "malformed") {
		t.Fatalf("reading the queue: %v", err)
	}
}

// A healthy file opens with no damage noted.
func TestHealthyFileHasNoDamage(t *testing.T) {
	db := openTest(t, Options{})
	if err := db.Damage(); err != nil {
		t.Fatalf("Damage() = %v on a new file", err)
	}
}
