package console

import (
	"errors"
	"net/http"

	"github.com/scanterm/scanterm/sync/hub"
)

// terminalRevoke refuses a terminal's token from now on; its queue stays
// on the terminal for a reinstatement.
func (c *Console) terminalRevoke(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	err := c.st.RevokeDevice(r.Context(), name, c.now())
	switch {
	case errors.Is(err, hub.ErrNotFound):
		c.fail(w, r, http.StatusNotFound, "no terminal "+name)
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.log.Warn("terminal revoked from the console", "device", name, "by", who(r).Name)
	c.audit(r, "revoke", "terminal:"+name, "")
	d, err := c.st.Device(r.Context(), name)
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.done(w, r, "/terminals", "Terminal "+name+" revoked.", d)
}
