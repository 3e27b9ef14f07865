package console

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"
)

// eventsCSVHeader names the export's columns.
var eventsCSVHeader = []string{"hub_id", "received_at", "device", "seq", "at", "kind", "operator", "gtin", "lot", "serial", "expiry",
	"qty", "from", "to", "doc", "doc_line", "sscc", "note"}

// eventsCSV exports the filtered events, all of them, as CSV.
func (c *Console) eventsCSV(w http.ResponseWriter, r *http.Request) {
	_, f, err := eventFilter(r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	evs, err := c.st.Events(r.Context(), f)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="events.csv"`)
	cw := csv.NewWriter(w)
	cw.Write(eventsCSVHeader)
	for _, e := range evs {
		cw.Write([]string{strconv.FormatInt(e.HubID, 10), e.ReceivedAt.UTC().Format(time.RFC3339Nano), e.Device, strconv.FormatInt(e.Seq, 10),
			e.At.UTC().Format(time.RFC3339Nano), string(e.Kind), e.Operator, e.GTIN, e.Lot, e.Serial, e.Expiry,
			strconv.FormatInt(e.Qty, 10), e.From, e.To, e.Doc, strconv.Itoa(e.DocLine), e.SSCC, csvSafe(e.Note)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		c.log.Error("events csv", "err", err)
	}
}

// csvSafe keeps a spreadsheet from reading a free-text cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
