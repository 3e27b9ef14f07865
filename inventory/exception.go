package inventory

import "time"

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
