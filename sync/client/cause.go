package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/scanterm/scanterm/sync/wire"
)

// Cause is why the link to the hub is in the state it is: what a status
// bar shows, and whether anyone has to act. The zero value is
// CauseConnecting, the state of a client that has not tried yet.
type Cause int

const (
	// CauseConnecting: no exchange with the hub yet since start.
	CauseConnecting Cause = iota
	// CauseOK: the last round succeeded.
	CauseOK
	// CauseOffline: the hub could not be reached (no network, connection
	// refused, no answer in time, connection cut); the loop retries with
	// backoff and nothing is lost meanwhile.
	CauseOffline
	// CauseHubError: the hub answered with a failure (a 5xx, or a request
	// it would not take this time); the loop retries with backoff.
	CauseHubError
	// CauseRefused: the hub refused this device's requests (HTTP 403, for
	// example events naming another device). Syncing stopped.
	CauseRefused
	// CauseRevoked: a supervisor revoked the device at the hub. Syncing
	// stopped; a supervisor reinstates it and the terminal is enrolled again.
	CauseRevoked
	// CauseUnknownToken: the hub does not know the device token (another
	// hub, a hub restored from an old backup, a later enrolment of the same
	// name). Syncing stopped; the terminal must be enrolled again.
	CauseUnknownToken
	// CauseDiverged: the hub found this terminal's ledger no longer matches
	// what it holds (HTTP 409, code diverged). Syncing stopped.
	CauseDiverged
	// CauseProtocol: the hub speaks another sync protocol version (HTTP
	// 426). Syncing stopped until the terminal or the hub is updated.
	CauseProtocol
	// CauseCertificate: the hub's certificate is not the pinned one, or no
	// trusted authority signed it. Syncing stopped.
	CauseCertificate
	// CauseEnrolment: the enrolment on this terminal cannot be used as it
	// is (it names another device than the database, plain HTTP to a hub
	// off this machine, an unusable hub URL).
	CauseEnrolment
)

var causeNames = [...]string{
	CauseConnecting:   "connecting",
	CauseOK:           "ok",
	CauseOffline:      "offline",
	CauseHubError:     "hub_error",
	CauseRefused:      "refused",
	CauseRevoked:      "revoked",
	CauseUnknownToken: "unknown_token",
	CauseDiverged:     "diverged",
	CauseProtocol:     "protocol",
	CauseCertificate:  "certificate",
	CauseEnrolment:    "enrolment",
}

// String is the cause's stable name, as JSON carries it.
func (c Cause) String() string {
	if c >= 0 && int(c) < len(causeNames) {
		return causeNames[c]
	}
	return fmt.Sprintf("cause(%d)", int(c))
}

// Stops reports whether the cause stops syncing until a person acts
// (enrols again, updates, reinstates); the queue is kept meanwhile.
func (c Cause) Stops() bool { return c >= CauseRefused }

// MarshalText writes the stable name, so a Status in JSON says "revoked",
// not a number that shifts when a cause is added.
func (c Cause) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// problem is a failed round as the terminal shows it.
type problem struct {
	cause Cause
	// why is the cause in a word or two for a status bar.
	why string
	// sentence names the hub and the cause, for the operator.
	sentence string
}

// diagnose words err for the operator at this terminal: its cause, the
// gist in a word or two, and a sentence naming the hub. The hub's answers
// are told apart by their wire codes and statuses, network failures by
// the errors Go's net package wraps; error text is never searched.
// fatal (syncing stopped) failures get the long operator message.
func (c *Client) diagnose(err error, queue int) problem {
	hub := c.enr.HubURL
	if hub == "" {
		hub = "the hub"
	}
	if fatal(err) {
		return problem{cause: stoppedCause(err), why: stoppedWhy(err), sentence: c.operatorMessage(err, queue)}
	}
	var ee *enrolmentError
	if errors.As(err, &ee) {
		return problem{CauseEnrolment, "enrolment", "sync with " + hub + " failed: " + err.Error()}
	}
	var we *wire.Error
	if errors.As(err, &we) {
		// The hub answered, with something retrying may fix.
		return problem{CauseHubError, "error", "sync with " + hub + " failed: " + err.Error()}
	}
	if cause, why := unreachable(err); why != "" {
		return problem{CauseOffline, why, "cannot reach " + hub + ": " + cause}
	}
	return problem{CauseOffline, "error", "sync with " + hub + " failed: " + err.Error()}
}

// unreachable names a network failure: the cause for a sentence and its
// gist for the status bar; "" when err is none of them.
func unreachable(err error) (cause, why string) {
	if err == nil {
		return "", ""
	}
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (is scanhub running there?)", "refused"
	case errors.As(err, &dns) && dns.IsNotFound:
		return "unknown host name", "unknown host"
	case errors.Is(err, syscall.ENETUNREACH):
		return "no network (check Wi-Fi)", "no network"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "no route to the hub (check Wi-Fi)", "no route"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()):
		return "no answer in time", "no answer"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		// net/http's unexported error for a connection the hub closed
		// before the request went out (it retried once, then gave up).
		strings.Contains(err.Error(), "server closed idle connection"):
		return "the connection was cut", "cut off"
	}
	return "", ""
}

// stoppedCause is the Cause of an error fatal reports.
func stoppedCause(err error) Cause {
	switch {
	case errors.Is(err, ErrRevoked):
		return CauseRevoked
	case errors.Is(err, ErrUnknownToken):
		return CauseUnknownToken
	case errors.Is(err, ErrDiverged):
		return CauseDiverged
	case errors.Is(err, ErrProtocol):
		return CauseProtocol
	case errors.Is(err, ErrForbidden):
		return CauseRefused
	case errors.Is(err, ErrFingerprint):
		return CauseCertificate
	default: // errDeviceMismatch, ErrInsecureURL
		return CauseEnrolment
	}
}

// stoppedWhy is a stopped cause in a word or two.
func stoppedWhy(err error) string {
	switch stoppedCause(err) {
	case CauseRevoked:
		return "revoked"
	case CauseUnknownToken:
		return "unknown token"
	case CauseDiverged:
		return "diverged"
	case CauseProtocol:
		return "protocol"
	case CauseRefused:
		return "refused by hub"
	case CauseCertificate:
		return "certificate"
	default:
		return "enrolment"
	}
}

// enrolmentError marks an enrolment this client cannot use (a hub URL it
// cannot parse, no pin for https), keeping the error's text as it is.
type enrolmentError struct{ err error }

func (e *enrolmentError) Error() string { return e.err.Error() }
func (e *enrolmentError) Unwrap() error { return e.err }
