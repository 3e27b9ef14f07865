package console

import (
	"net/http"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// audit appends to the audit trail after a change went through. The
// change stands if the entry cannot be written (it is in the hub log
// either way), so a failure is logged, not answered.
func (c *Console) audit(r *http.Request, action, subject, reason string) {
	e := store.AuditEntry{At: c.now(), User: who(r).Name, Action: action, Subject: subject, Reason: reason}
	if err := c.st.AddAudit(r.Context(), e); err != nil {
		c.log.Error("audit trail", "action", action, "subject", subject, "user", e.User, "err", err)
	}
}

func lotSubject(gtin, lot string) string { return "lot:" + gtin + "/" + lot }
