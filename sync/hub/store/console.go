package store

import (
	"context"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Roles a console account or an API token holds. A supervisor reads every
// page, changes lot status and resolves exceptions; an admin also enrols,
// revokes and reinstates terminals and imports master data.
const (
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// ValidRole reports whether r is one of the roles above.
func ValidRole(r string) bool { return r == RoleSupervisor || r == RoleAdmin }

// User is a console account. PasswordHash is the encoded argon2id hash
// (never the password) and never leaves the hub in JSON.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a signed-in browser, found by the hash of its cookie.
type Session struct {
	User      string    `json:"user"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
}

// APIToken is an integration's (an ERP's) bearer token for /api/v1, found
// by its hash.
type APIToken struct {
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// LineProgress is what every terminal together did to one document line.
type LineProgress struct {
	Doc  string `json:"doc"`
	Kind string `json:"kind"` // receive, pick, ship, return
	Line int    `json:"line"`
	Qty  int64  `json:"qty"`
}

// EventCount is how many events of one kind the hub received in one
// time bucket.
type EventCount struct {
	Bucket int    `json:"bucket"` // 0 = the bucket starting at since
	Kind   string `json:"kind"`
	N      int64  `json:"n"`
}

// LotSummary is one product's lot summed up (see Console.LotSummary).
type LotSummary struct {
	GTIN   string
	Lot    string
	Events int        // how many events name the lot
	Docs   []LotDoc   // receipts, shipments and returns per document
	Now    []LotStock // quantity per location, non-zero only
	Latest []Event    // the latest events, oldest first
	// Exceptions are those raised on the lot's events.
	Exceptions []inventory.Exception
}

// LotDoc is what the events of one kind on one document did to a lot
// (Doc "" for those that named none).
type LotDoc struct {
	Kind        inventory.EventKind
	Doc         string
	Qty         int64
	Events      int
	First, Last time.Time // device times
}

// LotStock is a lot's quantity at one location.
type LotStock struct {
	Location string
	Qty      int64
}

// AuditEntry records who changed what from the console and why: a lot's
// status with its reason, a terminal revoked, an import applied.
type AuditEntry struct {
	At      time.Time `json:"at"`
	User    string    `json:"user"`
	Action  string    `json:"action"`  // recall, quarantine, release, revoke, reinstate, enrol, import
	Subject string    `json:"subject"` // "lot:GTIN/LOT", "terminal:NAME", "import:FILE"
	Reason  string    `json:"reason,omitempty"`
}

// Console is what the supervisors' web console keeps beyond the sync
// protocol: accounts, sessions, integration tokens, and the read models its
// pages ask for.
type Console interface {
	// AddUser creates an account; ErrExists when the name is taken.
	AddUser(ctx context.Context, u User, now time.Time) error
	// SetPassword replaces an account's password hash; ErrNotFound for
	// an unknown account.
	SetPassword(ctx context.Context, name, hash string) error
	// User returns an account; ErrNotFound for an unknown one.
	User(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)

	// CreateSession stores a session under the hash of its cookie.
	CreateSession(ctx context.Context, idHash, user string, now time.Time) error
	// Session returns the session and its account's current role;
	// ErrNotFound when there is none (or its account is gone).
	Session(ctx context.Context, idHash string) (Session, error)
	// TouchSession records activity, which keeps a session from idling out.
	TouchSession(ctx context.Context, idHash string, now time.Time) error
	// DeleteSession signs a session out; deleting none is not an error.
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteIdleSessions deletes the sessions last seen before before,
	// which browsers left without signing out; it returns how many.
	DeleteIdleSessions(ctx context.Context, before time.Time) (int64, error)

	// AddAPIToken stores an integration's token hash; ErrExists when the
	// name is taken.
	AddAPIToken(ctx context.Context, name, role, tokenHash string, now time.Time) error
	// APIToken names the integration a token hash belongs to;
	// ErrUnauthorized for an unknown one.
	APIToken(ctx context.Context, tokenHash string) (APIToken, error)

	// DocProgress sums every terminal's progress per document line.
	DocProgress(ctx context.Context) ([]LineProgress, error)

	// LotSummary sums up a lot per product (gtin "" = every product with
	// a lot of that name) without reading each of its events: per
	// document, what its receipts, shipments and returns came to; its
	// stock now; its latest events; its exceptions. A lot with no events
	// has no summary.
	LotSummary(ctx context.Context, gtin, lot string, latest int) ([]LotSummary, error)

	// CountEvents counts the events received at or after since, per kind
	// and per bucket of width bucket, in the database.
	CountEvents(ctx context.Context, since time.Time, bucket time.Duration) ([]EventCount, error)

	// AddAudit appends to the console's audit trail.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns a subject's entries, oldest first.
	Audit(ctx context.Context, subject string) ([]AuditEntry, error)
}
