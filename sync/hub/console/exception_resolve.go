package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
)

// exceptionResolve marks an exception resolved with a note of what was
// done; the note names the account.
func (c *Console) exceptionResolve(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		c.fail(w, r, http.StatusBadRequest, "exception id must be a positive number")
		return
	}
	note := strings.TrimSpace(r.FormValue("note"))
	if note == "" {
		c.fail(w, r, http.StatusBadRequest, "a note is required: say what was done")
		return
	}
	x, err := c.st.ResolveException(r.Context(), id, note+" ("+who(r).Name+")", c.now())
	switch {
	case errors.Is(err, hub.ErrNotFound):
		c.fail(w, r, http.StatusNotFound, fmt.Sprintf("no exception %d", id))
		return
	case err != nil:
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.audit(r, "resolve", "exception:"+strconv.FormatInt(x.ID, 10), note)
	c.done(w, r, "/exceptions", fmt.Sprintf("Exception %d (%s) resolved.", x.ID, x.Code), x)
}
