package console

import (
	"os"
	"testing"
)

// The embedded copy must be docs/exceptions.md as it is now: go generate
// ./sync/hub/console refreshes it.
func TestAdviceCopyMatchesDocs(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/exceptions.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != exceptionsDoc {
		t.Fatal("sync/hub/console/exceptions.md differs from docs/exceptions.md; run go generate ./sync/hub/console")
	}
}

func TestAdviceCoversEveryCode(t *testing.T) {
	for _, code := range []string{"serial_duplicate", "serial_location", "serial_shipped", "serial_shipped_twice", "negative_stock",
		"recalled_lot_moved", "quarantined_lot_moved", "quarantined_lot_picked", "quarantined_lot_shipped",
		"expired_lot_picked", "expired_lot_shipped", "over_receipt", "invalid_event"} {
		a, ok := adviceByCode[code]
		if !ok || a.What == "" || a.Do == "" {
			t.Errorf("no advice for %s: %+v", code, a)
		}
	}
	if a := adviceByCode["negative_stock"]; a.Do != "count the place" {
		t.Errorf("negative_stock advice %q", a.Do)
	}
}
