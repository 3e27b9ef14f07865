// Package store defines what the hub keeps and how it is asked for it: the
// [Store] interface that sync/hub serves from and that sync/hub/sqlitestore
// and sync/hub/pgstore implement, with the records and sentinel errors they
// share. It holds no I/O of its own, so both implementations and the hub can
// import it without importing each other.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// Sentinel errors every implementation returns (wrapped) so callers can test
// them with errors.Is.
var (
	ErrNotFound     = errors.New("not found")
	ErrExists       = errors.New("already exists")
	ErrBadCode      = errors.New("enrolment code unknown, expired or already used")
	ErrUnauthorized = errors.New("unknown device token")
	ErrRevoked      = errors.New("device revoked")
	ErrBadCursor    = errors.New("malformed changes cursor")
	ErrNotRevoked   = errors.New("device is not revoked")
	// ErrDiverged: a push named a seq the hub holds with another event
	// id; the error is a *DivergedError.
	ErrDiverged = errors.New("device ledger diverged")
	// ErrUnknownProduct and ErrUnknownLot are the two ways a lot status
	// change can name something the hub has never seen; both are also
	// ErrNotFound.
	ErrUnknownProduct = fmt.Errorf("product unknown to the hub: %w", ErrNotFound)
	ErrUnknownLot     = fmt.Errorf("lot unknown to the hub: %w", ErrNotFound)
)

// Device is a terminal the hub knows.
type Device struct {
	Name       string    `json:"device"`
	CreatedAt  time.Time `json:"created_at"`
	Enrolled   bool      `json:"enrolled"`
	EnrolledAt time.Time `json:"enrolled_at,omitzero"`
	Revoked    bool      `json:"revoked"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	LastSeen   time.Time `json:"last_seen,omitzero"`
	AckSeq     int64     `json:"ack_seq"` // highest seq such that the hub holds 1..AckSeq
	AppVersion string    `json:"app_version,omitempty"`
	// Incarnation counts the enrolments that started the device's ledger
	// over on the hub (see DivergedError); 0 for the first.
	Incarnation int64 `json:"incarnation,omitempty"`
	// Diverged says a copy of the device pushed a seq the hub holds with
	// another event since its last enrolment.
	Diverged bool `json:"diverged,omitempty"`
	// ClockOffset is how far the device's clock was ahead of the hub's
	// at its last push (negative: behind).
	ClockOffset time.Duration `json:"-"`
	// ClockOffsetSeconds is ClockOffset for JSON readers.
	ClockOffsetSeconds int64 `json:"clock_offset_s"`
	// Queue is the terminal's own report, with its last pull: events not
	// yet acknowledged by the hub, the oldest one's queue time (hub
	// clock), and when it said so (zero: never reported).
	Queue         int64     `json:"queue"`
	QueueOldest   time.Time `json:"queue_oldest,omitzero"`
	QueueReported time.Time `json:"queue_reported_at,omitzero"`
}

// ClockExact is the offset below which a device's clock counts as right
// when shown: the hub measures it from one-second timestamps across a
// network.
const ClockExact = 5 * time.Second

// QueueReport is what a terminal says of its unsent events when it pulls.
type QueueReport struct {
	Len    int64
	Oldest time.Time // device clock; zero when Len is 0
}

// DivergedError is the push a device's ledger no longer agrees with: the
// hub holds Seq with event HubID, the device sent SentID there (its data
// folder was restored from a backup, or copied to a second terminal).
// Nothing of the push was applied. The device recovers by enrolling
// again, which starts a new incarnation (see docs/device-lifecycle.md).
type DivergedError struct {
	Device        string
	Seq           int64
	HubID, SentID string
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("device %s: seq %d is event %s on the hub but %s on the terminal", e.Device, e.Seq, e.HubID, e.SentID)
}

// Is makes errors.Is(err, ErrDiverged) hold.
func (e *DivergedError) Is(target error) bool { return target == ErrDiverged }

// Event is a stored event: what the device sent plus when the hub took it.
type Event struct {
	inventory.Event
	HubID      int64     `json:"hub_id"` // the hub's arrival order, unique per store
	ReceivedAt time.Time `json:"received_at"`
	// CorrectedAt is At corrected for the device's clock offset when the
	// hub took the event (zero for events from before it kept one).
	CorrectedAt time.Time `json:"corrected_at,omitzero"`
}

// EventFilter narrows an Events query; zero fields do not filter.
type EventFilter struct {
	Device  string
	GTIN    string
	Lot     string
	Serial  string
	Seq     int64     // with Device: that one event (an exception names it so)
	Since   time.Time // received at or after
	AfterID int64     // HubID greater than
	Limit   int       // 0 = no limit
}

// StockFilter narrows a Stock query. Zero fields and nil slices do not
// filter; an empty, non-nil slice matches nothing (a search whose product
// words matched no product).
type StockFilter struct {
	GTINs     []string // any of these products
	Lot       string
	Locations []string // any of these locations
	Warehouse string   // locations of this warehouse
	Limit     int      // at most this many rows; 0 = all
	// ByProduct orders by product, lot and location (the console's
	// search); otherwise by location, product and lot (a count sheet).
	ByProduct bool
}

// Only is a filter list of s alone, or nil (no filter) when s is "".
func Only(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// StockRow is the hub's quantity on hand of one product and lot at one
// location, with the location's warehouse and the lot's expiry and status
// (empty when the hub holds no record of them).
type StockRow struct {
	GTIN      string              `json:"gtin"`
	Lot       string              `json:"lot,omitempty"`
	Location  string              `json:"location"`
	Warehouse string              `json:"warehouse,omitempty"`
	Qty       int64               `json:"qty"`
	Expiry    string              `json:"expiry,omitempty"`
	LotStatus inventory.LotStatus `json:"lot_status,omitempty"`
}

// ExceptionFilter narrows an Exceptions query.
type ExceptionFilter struct {
	Device     string
	Unresolved bool
}

// Batch is a set of master data and documents, as imported from a file or
// handed out in changes. Version fields are ignored on import.
type Batch struct {
	Operators      []inventory.Operator
	Products       []inventory.Product
	Locations      []inventory.Location
	Lots           []inventory.Lot
	PurchaseOrders []inventory.PurchaseOrder
	PickLists      []inventory.PickList
	SalesOrders    []inventory.SalesOrder
	Returns        []inventory.ReturnAuth
	Reasons        []inventory.Reason // override reason codes
}

// Len is how many records b holds.
func (b Batch) Len() int {
	return len(b.Operators) + len(b.Products) + len(b.Locations) + len(b.Lots) +
		len(b.PurchaseOrders) + len(b.PickLists) + len(b.SalesOrders) + len(b.Returns) + len(b.Reasons)
}

// ImportResult counts what an import changed. Unchanged records keep their
// version, so loading the same file twice hands terminals nothing new.
type ImportResult struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Store is everything the hub persists. Implementations are safe for
// concurrent use, and several processes may share one database (PostgreSQL):
// Push applies each (device, seq) at most once whatever runs concurrently.
type Store interface {
	Console

	// AddDevice registers a device (or re-issues the code of one not yet
	// enrolled) with the hash of its one-time code. ErrExists when the
	// device is already enrolled or revoked.
	AddDevice(ctx context.Context, name, codeHash string, expires, now time.Time) error
	// Enroll consumes a code (single use, before it expires) and sets the
	// device's token hash; ErrBadCode otherwise. It returns the device name.
	Enroll(ctx context.Context, codeHash, tokenHash, appVersion string, now time.Time) (string, error)
	// Authenticate names the device a token hash belongs to: ErrUnauthorized
	// for an unknown token, ErrRevoked (with the device) for a revoked one.
	Authenticate(ctx context.Context, tokenHash string) (Device, error)
	// Seen records that a device talked to the hub, with its app version
	// ("" = not sent) and its queue report (nil = none).
	Seen(ctx context.Context, device, appVersion string, queue *QueueReport, now time.Time) error
	Devices(ctx context.Context) ([]Device, error)
	Device(ctx context.Context, name string) (Device, error)
	RevokeDevice(ctx context.Context, name string, now time.Time) error
	// ReinstateDevice lets a revoked device enrol again under its own name
	// with a new one-time code, so that its queue can still reach the hub:
	// the device keeps its last seq and events, its old token stays
	// invalid (the token hash is cleared), and it counts as not yet
	// enrolled until the code is used. A diverged device (not revoked) is
	// reinstated the same way; its next enrolment starts a new
	// incarnation. ErrNotFound for an unknown device, ErrNotRevoked for
	// one that is neither revoked nor diverged.
	ReinstateDevice(ctx context.Context, name, codeHash string, expires, now time.Time) error

	// Push applies a device's events (strictly increasing seq, all naming
	// device) in one transaction: seqs already held are skipped, a batch
	// starting past AckSeq+1 applies nothing and answers Expected, the
	// contiguous rest is stored with its projections and the device's
	// last seq; conflicts are stored and answered as rejections.
	Push(ctx context.Context, device string, events []inventory.Event, now time.Time) (wire.PushResponse, error)
	// SetClock records device's clock offset (its clock minus the hub's,
	// measured on a push) for the time rules of its next pushes, raising
	// clock_skew once per episode past 5 minutes.
	SetClock(ctx context.Context, device string, offset time.Duration, now time.Time) error
	// Changes returns master data, documents, the device's exceptions and
	// the site's stock and serial rows changed after the cursor since (""
	// = from the start), at most limit records, oldest first, with the
	// device's seq the snapshot includes. With warehouses, only the stock
	// and serial rows of their locations.
	Changes(ctx context.Context, device, since string, limit int, warehouses ...string) (wire.Changes, error)
	// Stock is the site's quantity on hand matching f (rows above zero),
	// with each location's warehouse and each lot's expiry and status:
	// the one read of the stock projection (scanhub stock, the console).
	Stock(ctx context.Context, f StockFilter) ([]StockRow, error)

	// Import upserts a batch of master data and documents all or nothing.
	Import(ctx context.Context, b Batch, now time.Time) (ImportResult, error)
	// SetLotStatus recalls, quarantines or releases a lot, creating the lot
	// record when the hub has none, without asking whether the product or
	// lot exists. Operators go through ChangeLotStatus instead.
	SetLotStatus(ctx context.Context, gtin, lot string, status inventory.LotStatus, now time.Time) (inventory.Lot, error)
	// ChangeLotStatus is SetLotStatus for a supervisor's command, checked in
	// the same transaction: ErrUnknownProduct when no product has gtin,
	// ErrUnknownLot when the hub has neither a record nor an event of the
	// lot, unless create (a recall notice for a lot not yet received).
	// created reports that the lot record is new.
	ChangeLotStatus(ctx context.Context, gtin, lot string, status inventory.LotStatus, create bool, now time.Time) (l inventory.Lot, created bool, err error)
	// Master returns all current master data and documents.
	Master(ctx context.Context) (Batch, error)

	Events(ctx context.Context, f EventFilter) ([]Event, error)
	Exceptions(ctx context.Context, f ExceptionFilter) ([]inventory.Exception, error)
	ResolveException(ctx context.Context, id int64, note string, now time.Time) (inventory.Exception, error)

	Close() error
}
