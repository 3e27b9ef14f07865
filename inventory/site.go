package inventory

import "time"

// StockLevel is the hub's quantity on hand of one product and lot at one
// location, as a pull hands it to terminals. Qty is the total, not a delta:
// a newer version replaces an older one, and 0 means the row is gone (the
// hub keeps the row so that its going to zero reaches every terminal).
type StockLevel struct {
	GTIN     string `json:"gtin"`
	Lot      string `json:"lot,omitempty"`
	Location string `json:"location"`
	Qty      int64  `json:"qty"`
	Version  int64  `json:"version"`
}

// SerialRecord is the hub's state of one serialised unit, as a pull hands
// it to terminals: the unit's status, place and lot, and the event that
// last changed it (whichever device recorded it). LastSeq is that event's
// seq on LastDevice.
type SerialRecord struct {
	GTIN       string       `json:"gtin"`
	Serial     string       `json:"serial"`
	Lot        string       `json:"lot,omitempty"`
	Status     SerialStatus `json:"status"`
	Location   string       `json:"location,omitempty"`
	LastEvent  string       `json:"last_event"`
	LastKind   EventKind    `json:"last_kind"`
	LastDevice string       `json:"last_device,omitempty"`
	LastSeq    int64        `json:"last_seq,omitempty"`
	LastAt     time.Time    `json:"last_at,omitzero"`
	LastDoc    string       `json:"last_doc,omitempty"` // the document of that event (the sales order of a shipment)
	Version    int64        `json:"version"`
}
