package hub

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/scanterm/scanterm/sync/wire"
)

// handleTrace answers GET /v1/trace/lot?lot=LOT and
// /v1/trace/serial?serial=SERIAL (optional gtin=G; the code rides in the
// query because a lot may hold a slash): the hub's trace across every terminal, for a
// terminal that holds only its own events' history. The answer is a JSON
// array of LotTrace or SerialTrace, empty when the hub has no event of it.
func (s *Server) handleTrace(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authenticate(w, r); !ok {
		return
	}
	what := r.PathValue("what")
	key, gtin := r.URL.Query().Get(what), r.URL.Query().Get("gtin")
	if strings.TrimSpace(key) == "" {
		s.fail(w, r, http.StatusBadRequest, wire.CodeMalformed, "trace of an empty "+what)
		return
	}
	var v any
	var err error
	switch what {
	case "lot":
		v, err = TraceLot(r.Context(), s.store, gtin, key)
	case "serial":
		v, err = TraceSerial(r.Context(), s.store, gtin, key)
	default:
		s.fail(w, r, http.StatusNotFound, wire.CodeNotFound, fmt.Sprintf("no trace of %q: trace a lot or a serial", what))
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, wire.CodeInternal, err.Error())
		return
	}
	s.reply(w, r, http.StatusOK, v)
}
