package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// healthPath is the hub's unauthenticated health endpoint (hub.PathHealth;
// the client does not import the hub).
const healthPath = "/v1/health"

// Probe is what one health request to the enrolled hub found, for
// `scanterm doctor`.
type Probe struct {
	// Status is the hub's own word on its health ("ok" when its database
	// answers).
	Status string
	// Protocol is the sync protocol the hub speaks.
	Protocol int
	// HubTime is the hub's clock from the answer's Date header (one-second
	// resolution); zero when the header is missing.
	HubTime time.Time
	// Sent and Received bracket the request on this terminal's clock, so
	// a clock offset can be told apart from a slow network.
	Sent, Received time.Time
}

// ClockOffset is how far this terminal's clock is ahead of the hub's (a
// negative value: behind), measured at the middle of the round trip. The
// Date header has one-second resolution, so offsets under a second or two
// are noise.
func (p Probe) ClockOffset() time.Duration {
	if p.HubTime.IsZero() {
		return 0
	}
	mid := p.Sent.Add(p.Received.Sub(p.Sent) / 2)
	// The Date header truncates to the second: on average the hub's clock
	// read half a second later than it says.
	return mid.Sub(p.HubTime.Add(500 * time.Millisecond))
}

// ProbeHub asks the enrolled hub's health endpoint over the same transport
// the sync loop uses: the pinned certificate must match, so a probe that
// succeeds proves the terminal can reach and trust its hub. It does not
// use the token.
func ProbeHub(ctx context.Context, e Enrollment, timeout time.Duration) (Probe, error) {
	u, err := checkURL(e.HubURL, e.AllowHTTP)
	if err != nil {
		return Probe{}, err
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	pin := e.Fingerprint
	if e.Trust == TrustAuthority {
		pin = "" // verified by chain and host name, as the sync loop does
	}
	t := newTransport(u, "", pin, timeout, timeout, nil, nil)
	defer t.close()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(u.String(), "/")+healthPath, nil)
	if err != nil {
		return Probe{}, fmt.Errorf("probe %s: %w", u.Redacted(), err)
	}
	p := Probe{Sent: time.Now()}
	resp, err := t.http.Do(req)
	p.Received = time.Now()
	if err != nil {
		return p, fmt.Errorf("probe %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		p.HubTime = d
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return p, fmt.Errorf("probe %s: read answer: %w", u.Redacted(), err)
	}
	var h struct {
		Status   string `json:"status"`
		Protocol int    `json:"protocol"`
	}
	if err := json.Unmarshal(body, &h); err != nil || h.Status == "" {
		return p, fmt.Errorf("probe %s: HTTP %d without a health answer (is this a scanhub older than /v1/health?)", u.Redacted(), resp.StatusCode)
	}
	p.Status, p.Protocol = h.Status, h.Protocol
	if resp.StatusCode != http.StatusOK {
		return p, fmt.Errorf("probe %s: hub says %q (HTTP %d); see the hub's log", u.Redacted(), h.Status, resp.StatusCode)
	}
	return p, nil
}
