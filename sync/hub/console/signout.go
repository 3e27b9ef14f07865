package console

import (
	"net/http"

	"github.com/scanterm/scanterm/sync/hub"
)

func (c *Console) signout(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie(cookieName); err == nil && ck.Value != "" {
		if err := c.st.DeleteSession(r.Context(), hub.HashSecret(ck.Value)); err != nil {
			c.fail(w, r, http.StatusInternalServerError, err.Error())
			return
		}
	}
	c.clearCookie(w, r)
	c.done(w, r, "/signin", "Signed out.", map[string]bool{"signed_out": true})
}
