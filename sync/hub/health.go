package hub

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
	"github.com/scanterm/scanterm/sync/wire"
)

// PathHealth answers GET without a token or protocol header, so a service
// manager, a load balancer or `scanterm doctor` can ask whether the hub is
// up. Its Date header is what `scanterm doctor` compares clocks with.
const PathHealth = "/v1/health"

// Health is the body of GET /v1/health.
type Health struct {
	// Status is "ok", or "unavailable" (with HTTP 503) when the database
	// does not answer.
	Status string `json:"status"`
	// Protocol is the sync protocol version the hub speaks.
	Protocol int    `json:"protocol"`
	Error    string `json:"error,omitempty"`
}

// handleHealth asks the store one cheap question (a device lookup by an
// empty name, which finds nothing) so "ok" means the database answers, not
// only that the process is alive.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	h := Health{Status: "ok", Protocol: wire.ProtocolVersion}
	status := http.StatusOK
	if _, err := s.store.Device(ctx, ""); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("health: database does not answer", "err", err)
		h.Status, h.Error, status = "unavailable", "database does not answer; see the hub log", http.StatusServiceUnavailable
	}
	s.reply(w, r, status, h)
}
