package inventory

import "time"

// SerialStatus is where a serialised unit is in its life.
type SerialStatus string

const (
	SerialInStock  SerialStatus = "in_stock"
	SerialPicked   SerialStatus = "picked"
	SerialShipped  SerialStatus = "shipped"
	SerialReturned SerialStatus = "returned"
	SerialScrapped SerialStatus = "scrapped"
)

// InBuilding reports whether a unit with this status is physically in the
// warehouse (and so has a location).
func (s SerialStatus) InBuilding() bool {
	return s == SerialInStock || s == SerialPicked || s == SerialReturned
}

// SerialState is the projection of one serialised unit.
type SerialState struct {
	GTIN      string       `json:"gtin"`
	Serial    string       `json:"serial"`
	Lot       string       `json:"lot,omitempty"`
	Status    SerialStatus `json:"status"`
	Location  string       `json:"location,omitempty"` // empty once shipped or scrapped
	LastSeq   int64        `json:"last_seq"`
	LastEvent string       `json:"last_event"` // event ID
	LastKind  EventKind    `json:"last_kind"`
	LastAt    time.Time    `json:"last_at"`
}
