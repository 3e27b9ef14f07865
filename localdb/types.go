package localdb

import (
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// NegativePolicy says what Append does when an action would take stock
// below zero at a location (the terminal only knows its own events, so a
// site with several terminals may prefer to record and flag).
type NegativePolicy int

const (
	// Refuse rejects the action with ErrNegativeStock (the default).
	Refuse NegativePolicy = iota
	// AllowAndFlag records the action and adds the flag "negative_stock"
	// to the event so the hub and a supervisor see it.
	AllowAndFlag
)

// FlagNegativeStock is the event flag AllowAndFlag sets.
const FlagNegativeStock = "negative_stock"

// Options tune a DB. The zero value is the safe default.
type Options struct {
	NegativeStock NegativePolicy
	// Now is the device clock for event times and "today" in expiry
	// checks; nil means time.Now.
	Now func() time.Time
	// ClockOffset, when set, is how far the device clock is ahead of the
	// hub's (learned on sync, see client.Clock): expiry checks judge
	// "today" on Now minus it, while events keep the device time. nil
	// means no correction.
	ClockOffset func() time.Duration
	// BusyTimeout is how long a write waits for another writer; 0 means 5 s.
	BusyTimeout time.Duration
}

// StockFilter narrows Stock; empty fields match everything.
type StockFilter struct {
	Location string
	GTIN     string
	Lot      string
}

// StockRow is the quantity on hand of one product+lot at one location,
// with the lot's expiry and status when the lot is known.
type StockRow struct {
	GTIN      string              `json:"gtin"`
	Lot       string              `json:"lot,omitempty"`
	Location  string              `json:"location"`
	Qty       int64               `json:"qty"`
	Expiry    string              `json:"expiry,omitempty"`
	LotStatus inventory.LotStatus `json:"lot_status,omitempty"`
}

// LotState is the projection of one lot: master data (expiry, status) from
// the hub or the receipt, plus the quantity on hand from the ledger.
type LotState struct {
	inventory.Lot
	OnHand int64 `json:"on_hand"`
}

// Receipt is one receipt of a lot: the event and the PO and supplier it
// came from (empty when the PO is not known on this terminal).
type Receipt struct {
	Event    inventory.Event `json:"event"`
	PO       string          `json:"po,omitempty"`
	Supplier string          `json:"supplier,omitempty"`
}

// Shipment sums what of a lot went out on one sales order.
type Shipment struct {
	SalesOrder string   `json:"sales_order"`
	Customer   string   `json:"customer,omitempty"`
	GTIN       string   `json:"gtin"`
	Qty        int64    `json:"qty"`
	Serials    []string `json:"serials,omitempty"`
}

// LotTrace answers a recall: where a lot came from, everything that
// happened to it, where it is now and which orders it shipped on. With no
// GTIN it covers every product that has a lot of that code.
type LotTrace struct {
	GTIN      string            `json:"gtin,omitempty"`
	Lot       string            `json:"lot"`
	Lots      []LotState        `json:"lots"`
	Receipts  []Receipt         `json:"receipts"`
	Movements []inventory.Event `json:"movements"` // every event, in seq order
	Locations []StockRow        `json:"locations"` // stock on hand now
	Shipments []Shipment        `json:"shipments"`
	// Exceptions are the open hub exceptions on Movements, in seq order,
	// so a trace shows which events the hub flagged (a recalled lot
	// shipped while offline, …).
	Exceptions []EventException `json:"exceptions"`
}

// EventException is an open hub exception on one of this terminal's
// events: pulled from the hub and not resolved, or a push rejection whose
// exception has not been pulled yet (ID 0 when the hub gave no number).
type EventException struct {
	Seq     int64  `json:"seq"`
	EventID string `json:"event_id"`
	ID      int64  `json:"id,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}
