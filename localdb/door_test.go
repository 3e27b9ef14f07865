package localdb

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// What the hub's door would refuse is never recorded on the terminal: the
// action is refused with a reason and the ledger is unchanged.
func TestAppendRefusesWhatTheHubWouldRefuse(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		lot  string
		note string
		want string
	}{
		{"lot with a space", "LOT 1", "", "space at position 4"},
		{"lot of 21 characters", strings.Repeat("L", 21), "", "at most 20"},
		{"note with a control character", "L-OK", "restock\x1b[2J", "control character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, Options{})
			ev := receive(gtinExpiry, tt.lot, "", "", 3, "DOCK1")
			ev.Note = tt.note
			_, err := db.Append(ctx, ev)
			if !errors.Is(err, ErrInvalidEvent) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Append = %v, want ErrInvalidEvent saying %q", err, tt.want)
			}
			evs, err := db.Events(ctx, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 0 {
				t.Fatalf("ledger holds %d events after a refusal", len(evs))
			}
		})
	}
}
