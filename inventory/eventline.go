package inventory

import "time"

// EventLine is one event as the ledger listings print it, one JSON object
// per line: `scanhub events --json` on the hub and `scanterm events --json`
// on a terminal, so the two can be compared line by line for one device.
// Every field is always present except these:
//
//   - received_at, when the hub received the event: only the hub knows it,
//     so a terminal's lines have none (ReceivedAt is nil there);
//   - sscc, the pallet label (00) the unit arrived or moved under, only on
//     events that have one: it came later, and a line without it keeps the
//     shape consumers were written against;
//   - override and override_by, the reason code an operator gave to
//     overrule a rule and who gave it, only on events that have one, for
//     the same reason.
type EventLine struct {
	ID         string     `json:"id"`
	Device     string     `json:"device"`
	Seq        int64      `json:"seq"`
	Kind       EventKind  `json:"kind"`
	GTIN       string     `json:"gtin"`
	Lot        string     `json:"lot"`
	Serial     string     `json:"serial"`
	Expiry     string     `json:"expiry"`
	Qty        int64      `json:"qty"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	Doc        string     `json:"doc"`
	At         time.Time  `json:"at"`
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	SSCC       string     `json:"sscc,omitempty"`
	Override   string     `json:"override,omitempty"`
	OverrideBy string     `json:"override_by,omitempty"`
}

// NewEventLine is the line of e, without received_at (the hub sets it).
// At is printed as e carries it.
func NewEventLine(e Event) EventLine {
	l := EventLine{ID: e.ID, Device: e.Device, Seq: e.Seq, Kind: e.Kind, GTIN: e.GTIN, Lot: e.Lot, Serial: e.Serial,
		Expiry: e.Expiry, Qty: e.Qty, From: e.From, To: e.To, Doc: e.Doc, At: e.At, SSCC: e.SSCC}
	if e.Override != "" {
		l.Override, l.OverrideBy = e.Override, e.Operator
	}
	return l
}
