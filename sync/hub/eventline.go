package hub

import "github.com/scanterm/scanterm/inventory"

// NewEventLine is the line `scanhub events --json` prints for a stored
// event: its inventory.EventLine with the time the hub received it.
func NewEventLine(e Event) inventory.EventLine {
	l := inventory.NewEventLine(e.Event)
	l.ReceivedAt = &e.ReceivedAt
	return l
}
