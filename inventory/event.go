package inventory

import "time"

// EventKind is what physically happened.
type EventKind string

const (
	KindReceive EventKind = "receive" // into To from a supplier (Doc = PO)
	KindPutaway EventKind = "putaway" // From -> To inside the warehouse after receipt
	KindMove    EventKind = "move"    // From -> To, any locations or warehouses
	KindPick    EventKind = "pick"    // From -> To (staging) for a pick list (Doc = pick list)
	KindShip    EventKind = "ship"    // out of From to the customer (Doc = sales order)
	KindReturn  EventKind = "return"  // back in to To from a customer (Doc = sales order or RA)
	KindCount   EventKind = "count"   // Qty is the counted quantity at To (sets stock)
	KindAdjust  EventKind = "adjust"  // Qty is a signed correction at To (or From when negative)
)

// Event is one confirmed physical action: the append-only ledger entry on a
// terminal and the unit of sync. (Device, Seq) identifies it for
// de-duplication; ID (a UUIDv7) names it in reports and exceptions. At is the
// device clock and is never used for ordering.
type Event struct {
	ID       string    `json:"id"`
	Device   string    `json:"device"`
	Seq      int64     `json:"seq"`
	Operator string    `json:"operator"`
	At       time.Time `json:"at"`
	Kind     EventKind `json:"kind"`
	GTIN     string    `json:"gtin"`
	Lot      string    `json:"lot,omitempty"`
	Serial   string    `json:"serial,omitempty"`
	Expiry   string    `json:"expiry,omitempty"` // YYYY-MM-DD
	Qty      int64     `json:"qty"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	Doc      string    `json:"doc,omitempty"`      // PO, pick list, sales order or RA id
	DocLine  int       `json:"doc_line,omitempty"` // line within Doc
	Override string    `json:"override,omitempty"` // reason the operator gave to overrule a rule (e.g. lot other than the pick list's)
	Note     string    `json:"note,omitempty"`     // e.g. a return's disposition "restock" or "quarantine"
	Flags    []string  `json:"flags,omitempty"`    // rule exceptions accepted by local policy, e.g. "negative_stock"
	Raw      string    `json:"raw,omitempty"`      // the barcode data that justified it, GS as 0x1D
	SSCC     string    `json:"sscc,omitempty"`     // the pallet label (00) the unit arrived or moves under, 18 digits
}

// AdjustLocation is where an adjust takes effect: From for a negative
// correction that names one (a write-off), else To, else From. Terminal
// and hub apply adjustments by this one rule.
func (e Event) AdjustLocation() string {
	if (e.Qty < 0 && e.From != "") || e.To == "" {
		return e.From
	}
	return e.To
}
