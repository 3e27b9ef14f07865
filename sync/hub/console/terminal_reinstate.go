package console

import (
	"errors"
	"net/http"

	"github.com/scanterm/scanterm/sync/hub"
)

// terminalReinstate gives a revoked terminal a new one-time code under its
// own name, shown with its QR code as for a new terminal.
func (c *Console) terminalReinstate(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	code, err := hub.ReinstateDevice(r.Context(), c.st, name, hub.DefaultCodeTTL, c.now())
	switch {
	case errors.Is(err, hub.ErrNotFound):
		c.fail(w, r, http.StatusNotFound, "no terminal "+name)
		return
	case errors.Is(err, hub.ErrNotRevoked):
		c.fail(w, r, http.StatusConflict, "terminal "+name+" is not revoked")
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.showCode(w, r, name, code, true)
}
