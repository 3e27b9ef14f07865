package hub

import (
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// EventLine is one line of `scanhub events --json`, and the shape
// `scanterm events --json` follows (without received_at, which only the hub
// knows). Every field is always present except sscc, the pallet label
// (00) the unit arrived or moved under, which appears only on events that
// have one: it came later, and a line without it keeps the shape consumers
// were written against.
type EventLine struct {
	ID         string              `json:"id"`
	Device     string              `json:"device"`
	Seq        int64               `json:"seq"`
	Kind       inventory.EventKind `json:"kind"`
	GTIN       string              `json:"gtin"`
	Lot        string              `json:"lot"`
	Serial     string              `json:"serial"`
	Expiry     string              `json:"expiry"`
	Qty        int64               `json:"qty"`
	From       string              `json:"from"`
	To         string              `json:"to"`
	Doc        string              `json:"doc"`
	At         time.Time           `json:"at"`
	ReceivedAt time.Time           `json:"received_at"`
	SSCC       string              `json:"sscc,omitempty"`
}

// NewEventLine is the EventLine of a stored event.
func NewEventLine(e Event) EventLine {
	return EventLine{ID: e.ID, Device: e.Device, Seq: e.Seq, Kind: e.Kind, GTIN: e.GTIN, Lot: e.Lot, Serial: e.Serial,
		Expiry: e.Expiry, Qty: e.Qty, From: e.From, To: e.To, Doc: e.Doc, At: e.At, ReceivedAt: e.ReceivedAt,
		SSCC: e.SSCC}
}
