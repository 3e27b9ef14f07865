// Package wire holds the v1 sync protocol's request and response bodies:
// what scanterm and scanhub send each other over HTTP. The records inside
// them (events, master data, documents, exceptions) are the warehouse's
// vocabulary and live in package inventory; wire only frames them.
//
// Protocol v1 (JSON, optionally gzip-encoded bodies, bearer token auth):
//
//	POST /v1/enroll   EnrollRequest  -> EnrollResponse   (no token; one-time code)
//	POST /v1/events   PushRequest    -> PushResponse     (the device's next events, seq order)
//	GET  /v1/changes?since=CURSOR    -> Changes          (master data, documents, lot status, exceptions,
//	                                                      the site's stock and serial state)
//	GET  /v1/trace/lot?lot=L[&gtin=G], /v1/trace/serial?serial=S[&gtin=G]
//	                                 -> the hub's trace across every terminal (JSON array)
//
// A terminal limited to some warehouses adds warehouse=W (repeated) to a
// pull; the hub then sends only the stock and serial rows of those
// warehouses' locations (master data and documents stay whole).
//
// A pull may also report the terminal's unsent queue, queue=N and, when N
// is above 0, queue_oldest=RFC3339 (the oldest unsent event's queue time
// on the device clock): the hub shows them beside the terminal (console's
// Terminals and Today pages, scanhub devices).
//
// Every request carries the header [HeaderProtocol]; a hub answers a request
// of another protocol version with 426 and an [Error] of code
// [CodeProtocolVersion] that names both versions. Errors are always an
// [Error] body with a 4xx or 5xx status and one of the [Code] constants.
package wire

import (
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Pull query parameters of the terminal's queue report.
const (
	ParamQueue       = "queue"
	ParamQueueOldest = "queue_oldest"
)

// ParamOwnProgress ("1") asks a pull for the pulling device's own
// document progress rows too (see [Changes.Progress]); a terminal that
// does not send it counts its whole ledger itself and gets none of them.
const ParamOwnProgress = "own_progress"

// ProtocolVersion is the sync protocol this build speaks.
const ProtocolVersion = 1

// HeaderProtocol carries the sender's ProtocolVersion on every request.
const HeaderProtocol = "Scanterm-Protocol"

// EnrollRequest trades a one-time code for a device token.
type EnrollRequest struct {
	Code       string `json:"code"`
	AppVersion string `json:"app_version,omitempty"`
}

// EnrollResponse names the device the code was issued for and its token.
//
// Incarnation counts the times the hub let the device start its ledger over
// (after a divergence); AckSeq is the highest seq the hub holds for the
// device. A terminal whose stored incarnation differs, or that enrols under
// another name than its events carry, renumbers its ledger after AckSeq and
// sends it all again: the hub recognises what it holds by event id. A hub
// before these fields sends neither (incarnation 0, seq base 0).
type EnrollResponse struct {
	Device      string `json:"device"`
	Token       string `json:"token"`
	Incarnation int64  `json:"incarnation,omitempty"`
	AckSeq      int64  `json:"ack_seq,omitempty"`
}

// PushRequest carries a device's next events in seq order. The device is
// the token's; an event naming another device is refused.
//
// SentAt is the terminal's clock when it sent the push (RFC 3339): the hub
// learns the device's clock offset from it and judges time rules on
// corrected time. A terminal before it sends none; the hub then keeps the
// offset it had.
type PushRequest struct {
	Events []inventory.Event `json:"events"`
	SentAt time.Time         `json:"sent_at,omitzero"`
}

// HeaderHubTime carries the hub's clock (RFC 3339 with nanoseconds) on
// every answer, so a terminal learns how far its own clock is off.
const HeaderHubTime = "Scanterm-Hub-Time"

// HeaderNextFingerprint, on a pull answer, names the certificate
// ("sha256:HEX") a self-signed hub will switch to; a terminal that pins
// the current one accepts that one too from then on.
const HeaderNextFingerprint = "Scanterm-Hub-Next-Fingerprint"

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

// Changes is everything after a cursor. Cursor is opaque to the terminal:
// it sends it back as since= on the next pull. More says another pull
// would return more right away.
type Changes struct {
	Cursor         string                    `json:"cursor"`
	More           bool                      `json:"more,omitempty"`
	Operators      []inventory.Operator      `json:"operators,omitempty"`
	Products       []inventory.Product       `json:"products,omitempty"`
	Locations      []inventory.Location      `json:"locations,omitempty"`
	Lots           []inventory.Lot           `json:"lots,omitempty"`
	PurchaseOrders []inventory.PurchaseOrder `json:"purchase_orders,omitempty"`
	PickLists      []inventory.PickList      `json:"pick_lists,omitempty"`
	SalesOrders    []inventory.SalesOrder    `json:"sales_orders,omitempty"`
	Returns        []inventory.ReturnAuth    `json:"returns,omitempty"`
	Exceptions     []inventory.Exception     `json:"exceptions,omitempty"` // on this device's events
	// Progress is what each device did on document lines (received,
	// picked, shipped, returned), one total per line and device, so two
	// terminals on one PO see each other's receipts. The pulling device's
	// own rows come only when it asks ([ParamOwnProgress]); it then
	// counts its events up to IncludesSeq from them, like its stock. A
	// hub before this field sends none; a terminal before it ignores it.
	Progress []inventory.DocProgress `json:"progress,omitempty"`
	// Reasons are the override reason codes (master data); a hub before
	// this field sends none, a terminal before it ignores it.
	Reasons []inventory.Reason `json:"reasons,omitempty"`
	// Stock and Serials are the site's projections as the hub holds them
	// (every device's events applied), each row replacing an older version
	// of itself; a stock row at 0 is gone. IncludesSeq is the highest seq
	// of this device whose effects they hold, read in the same transaction
	// as the page: once a terminal has applied every page up to one with
	// More false, its copy of the site holds exactly its own events up to
	// IncludesSeq, and lays the later ones over it. A hub before these
	// fields sends none (a terminal then sees only its own events); a
	// terminal before them ignores them.
	Stock       []inventory.StockLevel   `json:"stock,omitempty"`
	Serials     []inventory.SerialRecord `json:"serials,omitempty"`
	IncludesSeq int64                    `json:"includes_seq,omitempty"`
	// IncludesID is the id of the event at IncludesSeq: a terminal whose
	// ledger holds another event there (a restored or copied data folder)
	// counts as included only what the hub acknowledged to it.
	IncludesID string `json:"includes_id,omitempty"`
}

// Error is the body of every non-2xx answer. A client branches on Code,
// never on Message, which is written for people.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Code says what kind of failure an [Error] reports. The hub sends the
// codes below and nothing else; a client that meets a code it does not
// know treats it by the HTTP status alone.
type Code string

// Error codes, with the HTTP status each comes with.
const (
	// CodeProtocolVersion (426): the request's [HeaderProtocol] is not the
	// hub's ProtocolVersion; the message names both versions.
	CodeProtocolVersion Code = "protocol_version"
	// CodeMalformed (400): the body or a query parameter is not a valid
	// request (bad JSON, seqs out of order, a bad cursor).
	CodeMalformed Code = "malformed"
	// CodeTooLarge (413): the body or the number of events is past the
	// hub's limit; the client sends smaller batches.
	CodeTooLarge Code = "too_large"
	// CodeUnauthorized (401): no bearer token, or one the hub does not
	// know (never issued, or replaced by a later enrolment): the terminal
	// must be enrolled again.
	CodeUnauthorized Code = "unauthorized"
	// CodeRevoked (401): the token is known but a supervisor revoked the
	// device; the hub keeps its name and ack, and a supervisor decides
	// whether to reinstate it.
	CodeRevoked Code = "revoked"
	// CodeWrongDevice (403): a pushed event names another device than
	// the token's.
	CodeWrongDevice Code = "wrong_device"
	// CodeBadCode (401, enrolment only): the one-time code is unknown,
	// expired or already used.
	CodeBadCode Code = "bad_code"
	// CodeDiverged (409): the device's ledger no longer matches what the
	// hub holds for it (a data folder restored from a backup, or copied);
	// the hub refuses the push, names the first differing seq, and takes
	// the device's pushes again once it is enrolled again (a new
	// incarnation).
	CodeDiverged Code = "diverged"
	// CodeRateLimited (429, enrolment only): too many wrong codes came
	// from this address; Retry-After says when to try again.
	CodeRateLimited Code = "rate_limited"
	// CodeNotFound (404): no such endpoint.
	CodeNotFound Code = "not_found"
	// CodeUnsupported (415): a Content-Encoding other than identity or gzip.
	CodeUnsupported Code = "unsupported_encoding"
	// CodeInternal (500): the hub failed; the message says to look in its log.
	CodeInternal Code = "internal"
)
