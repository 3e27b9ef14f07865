package console

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// signinCheck checks a name and password. Failures are counted per client
// address and per account name; past the limit the answer is 429 before
// the password is even looked at, so guessing stays slow.
func (c *Console) signinCheck(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	now := c.now()
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	keys := []string{"ip:" + ip, "user:" + name}
	for _, k := range keys {
		if d := c.limit.retryAfter(k, now); d > 0 {
			secs := int(d.Seconds()) + 1
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			c.html(w, r, http.StatusTooManyRequests, "signin", view{Title: "Sign in",
				Page: signinPage{Next: next, Name: name, Error: fmt.Sprintf("Too many failed sign-ins. Try again in %s.", humanDuration(d))}})
			return
		}
	}
	u, err := c.st.User(r.Context(), name)
	hash := u.PasswordHash
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			c.fail(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		hash = dummyHash
	}
	ok, herr := CheckPassword(hash, pw)
	if herr != nil {
		c.log.Error("password hash unreadable", "user", name, "err", herr)
	}
	if err != nil || !ok {
		for _, k := range keys {
			c.limit.fail(k, now)
		}
		c.log.Warn("sign-in refused", "user", name, "addr", ip)
		c.html(w, r, http.StatusUnauthorized, "signin", view{Title: "Sign in",
			Page: signinPage{Next: next, Name: name, Error: "Wrong name or password."}})
		return
	}
	for _, k := range keys {
		c.limit.succeed(k)
	}
	if err := c.startSession(w, r, u.Name); err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.log.Info("signed in", "user", u.Name, "addr", ip)
	http.Redirect(w, r, next, http.StatusSeeOther)
}
