// Package wire holds the records scanterm and scanhub exchange and the v1
// sync protocol's request and response bodies.
//
// It is the one vocabulary of the product: the terminal's ledger stores
// [Event] values, the step engine drafts them, the hub applies them, and the
// master data and documents the hub hands out ([Product], [Location], [Lot],
// [PurchaseOrder], [PickList], [SalesOrder], [ReturnAuth]) arrive in
// [Changes]. The package is a leaf: plain data, no I/O, so every layer can
// import it without importing another layer.
//
// Protocol v1 (JSON, optionally gzip-encoded bodies, bearer token auth):
//
//	POST /v1/enroll   EnrollRequest  -> EnrollResponse   (no token; one-time code)
//	POST /v1/events   PushRequest    -> PushResponse     (the device's next events, seq order)
//	GET  /v1/changes?since=CURSOR    -> Changes          (master data, documents, lot status, exceptions)
//
// Every request carries the header [HeaderProtocol]; a hub answers a request
// of another protocol version with 426 and an [Error] of code
// "protocol_version" that names both versions. Errors are always an [Error]
// body with a 4xx or 5xx status.
package wire

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// ProtocolVersion is the sync protocol this build speaks.
const ProtocolVersion = 1

// HeaderProtocol carries the sender's ProtocolVersion on every request.
const HeaderProtocol = "Scanterm-Protocol"

// Tracking says how a product's units are told apart.
type Tracking string

const (
	TrackNone   Tracking = "none"   // quantity only
	TrackLot    Tracking = "lot"    // quantity per lot
	TrackSerial Tracking = "serial" // one unit per serial number (may also carry a lot)
)

// Product is an item the warehouse stocks. GTIN is normalised to 14 digits.
type Product struct {
	GTIN           string   `json:"gtin"`
	SKU            string   `json:"sku"`
	Name           string   `json:"name"`
	Tracking       Tracking `json:"tracking"`
	ExpiryRequired bool     `json:"expiry_required"`
	UOM            string   `json:"uom,omitempty"` // unit of measure, "EA" when empty
	Version        int64    `json:"version"`
}

// LocationKind is what a location is used for.
type LocationKind string

const (
	LocDock       LocationKind = "dock"
	LocBin        LocationKind = "bin"
	LocStaging    LocationKind = "staging"
	LocQuarantine LocationKind = "quarantine"
)

// Location is a place stock can be. Code is what operators read and key in;
// Barcode, when set, is what its label carries instead (for example a GS1
// element string "(414)...(254)..." stored as the 13-digit GLN plus
// extension, "9506000000008/A1").
type Location struct {
	Code      string       `json:"code"`
	Barcode   string       `json:"barcode,omitempty"`
	Kind      LocationKind `json:"kind"`
	Warehouse string       `json:"warehouse"`
	Version   int64        `json:"version"`
}

// LotStatus decides whether a lot may leave the building.
type LotStatus string

const (
	LotReleased   LotStatus = "released"
	LotQuarantine LotStatus = "quarantine"
	LotRecalled   LotStatus = "recalled"
)

// Lot is one production batch of a product. Dates are "YYYY-MM-DD" or empty.
type Lot struct {
	GTIN       string    `json:"gtin"`
	Lot        string    `json:"lot"`
	Expiry     string    `json:"expiry,omitempty"`
	BestBefore string    `json:"best_before,omitempty"`
	Production string    `json:"production,omitempty"`
	Status     LotStatus `json:"status"`
	Version    int64     `json:"version"`
}

// DocStatus is the life of a document.
type DocStatus string

const (
	DocOpen   DocStatus = "open"
	DocClosed DocStatus = "closed"
)

// PurchaseOrder is what a supplier is expected to deliver.
type PurchaseOrder struct {
	ID       string    `json:"id"`
	Supplier string    `json:"supplier"`
	Status   DocStatus `json:"status"`
	Lines    []POLine  `json:"lines"`
	Version  int64     `json:"version"`
}

// POLine is one expected product and quantity. Line numbers start at 1.
type POLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Qty  int64  `json:"qty"`
}

// PickList says what to take from where for a sales order.
type PickList struct {
	ID         string     `json:"id"`
	SalesOrder string     `json:"sales_order"`
	Status     DocStatus  `json:"status"`
	Lines      []PickLine `json:"lines"`
	Version    int64      `json:"version"`
}

// PickLine is one pick. Lot is empty when the list leaves the choice to FEFO.
type PickLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Lot  string `json:"lot,omitempty"`
	Qty  int64  `json:"qty"`
	From string `json:"from,omitempty"`
}

// SalesOrder is what a customer ordered; shipping confirms against it.
type SalesOrder struct {
	ID       string    `json:"id"`
	Customer string    `json:"customer"`
	Status   DocStatus `json:"status"`
	Lines    []SOLine  `json:"lines"`
	Version  int64     `json:"version"`
}

// SOLine is one ordered product and quantity.
type SOLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Qty  int64  `json:"qty"`
}

// ReturnAuth authorises a customer to send units back.
type ReturnAuth struct {
	ID         string    `json:"id"`
	SalesOrder string    `json:"sales_order"`
	Customer   string    `json:"customer"`
	Status     DocStatus `json:"status"`
	Lines      []RetLine `json:"lines"`
	Version    int64     `json:"version"`
}

// RetLine is one authorised return; Serial or Lot narrow it when known.
type RetLine struct {
	Line   int    `json:"line"`
	GTIN   string `json:"gtin"`
	Lot    string `json:"lot,omitempty"`
	Serial string `json:"serial,omitempty"`
	Qty    int64  `json:"qty"`
}

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

// Operator is a person who may sign in on a terminal, by badge scan or by
// ID and PIN. PINHash is PINHash(ID, pin); the PIN itself never travels.
type Operator struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Badge   string `json:"badge,omitempty"` // badge barcode data
	PINHash string `json:"pin_hash,omitempty"`
	Active  bool   `json:"active"`
	Version int64  `json:"version"`
}

// PINHash is how a PIN is stored and compared: hex SHA-256 of
// "scanterm-pin:" + id + ":" + pin. A short PIN is guessable from the hash by
// brute force; it is a sign-in convenience on a shared device, not a secret
// store.
func PINHash(id, pin string) string {
	sum := sha256.Sum256([]byte("scanterm-pin:" + id + ":" + pin))
	return hex.EncodeToString(sum[:])
}

// EnrollRequest trades a one-time code for a device token.
type EnrollRequest struct {
	Code       string `json:"code"`
	AppVersion string `json:"app_version,omitempty"`
}

// EnrollResponse names the device the code was issued for and its token.
type EnrollResponse struct {
	Device string `json:"device"`
	Token  string `json:"token"`
}

// PushRequest carries a device's next events in seq order. The device is
// the token's; an event naming another device is refused.
type PushRequest struct {
	Events []Event `json:"events"`
}

// PushResponse tells the device what the hub now holds.
//
// AckSeq is the highest seq such that the hub holds every seq from 1 to it;
// the device may delete those from its outbox. When the batch started past
// AckSeq+1 the hub applied nothing and Expected is AckSeq+1: the device
// resends from there. Rejected lists events the hub stored and counted as
// processed but flagged (conflicts): they never block the queue.
type PushResponse struct {
	AckSeq   int64       `json:"ack_seq"`
	Expected int64       `json:"expected,omitempty"`
	Rejected []Rejection `json:"rejected,omitempty"`
}

// Rejection is the hub's verdict on one event it stored as an exception.
type Rejection struct {
	Seq       int64  `json:"seq"`
	Exception int64  `json:"exception"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// Exception is a conflict the hub found between events, for a supervisor.
type Exception struct {
	ID         int64     `json:"id"`
	Code       string    `json:"code"`
	Message    string    `json:"message"`
	EventID    string    `json:"event_id"`
	Device     string    `json:"device"`
	Seq        int64     `json:"seq"`
	OtherEvent string    `json:"other_event,omitempty"`
	RaisedAt   time.Time `json:"raised_at"`
	Resolved   bool      `json:"resolved"`
	Note       string    `json:"note,omitempty"`
	Version    int64     `json:"version"`
}

// Changes is everything after a cursor. Cursor is opaque to the terminal:
// it sends it back as since= on the next pull. More says another pull
// would return more right away.
type Changes struct {
	Cursor         string          `json:"cursor"`
	More           bool            `json:"more,omitempty"`
	Operators      []Operator      `json:"operators,omitempty"`
	Products       []Product       `json:"products,omitempty"`
	Locations      []Location      `json:"locations,omitempty"`
	Lots           []Lot           `json:"lots,omitempty"`
	PurchaseOrders []PurchaseOrder `json:"purchase_orders,omitempty"`
	PickLists      []PickList      `json:"pick_lists,omitempty"`
	SalesOrders    []SalesOrder    `json:"sales_orders,omitempty"`
	Returns        []ReturnAuth    `json:"returns,omitempty"`
	Exceptions     []Exception     `json:"exceptions,omitempty"` // on this device's events
	// Progress is what other devices did on document lines (received,
	// picked, shipped, returned), so two terminals on one PO see each
	// other's receipts. A hub before this field sends none; a terminal
	// before it ignores it.
	Progress []DocProgress `json:"progress,omitempty"`
}

// DocProgress is the quantity one device's events brought to one line of
// a document, by kind (receive on a PO, pick on a pick list, ship on a
// sales order, return on an RA), as the hub holds it. Qty is the total,
// not a delta: a newer version replaces an older one.
type DocProgress struct {
	Doc     string    `json:"doc"`
	Kind    EventKind `json:"kind"`
	Line    int       `json:"line"`
	Device  string    `json:"device"`
	Qty     int64     `json:"qty"`
	Version int64     `json:"version"`
}

// Error is the body of every non-2xx answer.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }
