package client

import (
	"time"

	"github.com/scanterm/scanterm/sync/wire"
)

// Status is what the terminal's status bar and `scanterm sync` show. It is
// a snapshot; read a fresh one with Client.Status or from Subscribe.
type Status struct {
	Device string `json:"device"`
	Hub    string `json:"hub"`
	// Online: the last exchange with the hub succeeded.
	Online bool `json:"online"`
	// Queue is the number of events not yet acknowledged by the hub;
	// OldestUnsent the device time of the oldest of them (zero when empty).
	Queue        int       `json:"queue"`
	OldestUnsent time.Time `json:"oldest_unsent,omitzero"`
	// AckSeq is the highest seq the hub said it holds.
	AckSeq int64 `json:"ack_seq"`
	// Cause is why the link is in its state (CauseConnecting before the
	// first round); Why is the cause in a word or two for a status bar
	// ("refused", "no answer", "revoked"), "" after a success.
	Cause Cause  `json:"cause"`
	Why   string `json:"why,omitempty"`
	// LastError is the last failure as Go worded it, "" after a success.
	LastError string `json:"last_error,omitempty"`
	// Problem is the last failure as a sentence an operator can act on,
	// naming the hub ("cannot reach http://10.0.0.5:8765: connection
	// refused (is scanhub running there?)"); Message when syncing stopped;
	// "" after a success.
	Problem string `json:"problem,omitempty"`
	// Stopped: syncing stopped for a reason retrying cannot fix (revoked
	// or unknown token, protocol version, another device's events); the
	// queue is kept and Message says what the operator should do.
	Stopped bool   `json:"stopped,omitempty"`
	Message string `json:"message,omitempty"`
	// LastSuccess is when a round last succeeded (zero: not since start).
	LastSuccess time.Time `json:"last_success,omitzero"`
	// NextRetry is when the loop tries again while offline (zero online).
	NextRetry time.Time `json:"next_retry,omitzero"`
	LastPush  time.Time `json:"last_push,omitzero"`
	LastPull  time.Time `json:"last_pull,omitzero"`
	Cursor    string    `json:"cursor,omitempty"`
	// ClockOffset is how far this terminal's clock is ahead of the hub's
	// as of the last answer; ClockOff says it is past inventory.ClockSkewLimit (the
	// status bar shows CLOCK).
	ClockOffset time.Duration `json:"-"`
	ClockOff    bool          `json:"clock_off,omitempty"`
}

// OldestAge is how long the oldest unsent event has waited at now
// (0 with an empty queue). Device clocks drift, so it is a hint for people,
// never used for ordering.
func (s Status) OldestAge(now time.Time) time.Duration {
	if s.Queue == 0 || s.OldestUnsent.IsZero() {
		return 0
	}
	if d := now.Sub(s.OldestUnsent); d > 0 {
		return d
	}
	return 0
}

// Report is what one sync round did.
type Report struct {
	// Pushed counts events the hub acknowledged in this round, Batches
	// the push requests that carried them.
	Pushed  int `json:"pushed"`
	Batches int `json:"batches"`
	// Resent counts events sent again from the ledger after the hub
	// answered a gap.
	Resent int `json:"resent,omitempty"`
	// AckSeq is the highest seq the hub holds for this device.
	AckSeq int64 `json:"ack_seq"`
	// Rejected lists events the hub stored as exceptions (at most
	// maxReportRejections; RejectedCount has them all).
	Rejected      []wire.Rejection `json:"rejected,omitempty"`
	RejectedCount int              `json:"rejected_count"`
	// Pulled counts records applied from the hub's changes; Pages the
	// pull requests.
	Pulled int    `json:"pulled"`
	Pages  int    `json:"pages"`
	Cursor string `json:"cursor,omitempty"`
	// Queue is what is left unacknowledged after the round.
	Queue int `json:"queue"`
	// Error is the failure that ended the round early, if any.
	Error string `json:"error,omitempty"`
}

const maxReportRejections = 100

func (r *Report) addRejections(rs []wire.Rejection) {
	r.RejectedCount += len(rs)
	for _, x := range rs {
		if len(r.Rejected) >= maxReportRejections {
			return
		}
		r.Rejected = append(r.Rejected, x)
	}
}

// changeCount is how many records a page of changes carried.
func changeCount(ch wire.Changes) int {
	return len(ch.Operators) + len(ch.Products) + len(ch.Locations) + len(ch.Lots) +
		len(ch.PurchaseOrders) + len(ch.PickLists) + len(ch.SalesOrders) + len(ch.Returns) + len(ch.Exceptions) +
		len(ch.Progress) + len(ch.Reasons) + len(ch.Stock) + len(ch.Serials)
}
