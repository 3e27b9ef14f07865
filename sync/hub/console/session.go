package console

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/store"
)

// cookieName is the session cookie. The __Host- prefix (which needs
// Secure) is not used so that the console also works over plain HTTP on
// loopback.
const cookieName = "scanhub_session"

// touchEvery bounds how often a session's last-seen time is written: a
// page load within this of the last write does not write again.
const touchEvery = time.Minute

// principal is who makes a request: a signed-in account or an
// integration's token.
type principal struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Token bool   `json:"token,omitempty"` // an API token, not a browser session
}

func (p principal) can(role string) bool {
	return p.Role == store.RoleAdmin || p.Role == role
}

type ctxKey struct{}

func who(r *http.Request) principal {
	p, _ := r.Context().Value(ctxKey{}).(principal)
	return p
}

// newSessionID returns 256 random bits, hex.
func newSessionID() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b[:])
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// need wraps h so that it runs only for a principal holding role.
func (c *Console) need(role string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := c.identify(w, r)
		if !ok {
			if isAPI(r) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="scanhub console"`)
				c.fail(w, r, http.StatusUnauthorized, "sign in, or send an API token (scanhub token add NAME) as Authorization: Bearer")
				return
			}
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if !p.can(role) {
			c.fail(w, r, http.StatusForbidden, "this needs the "+role+" role; you are signed in as "+p.Name+" ("+p.Role+")")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)))
	}
}

// identify finds the request's principal: a bearer token on /api/, else
// the session cookie. An idle session is deleted and its cookie cleared.
func (c *Console) identify(w http.ResponseWriter, r *http.Request) (principal, bool) {
	ctx := r.Context()
	if auth := r.Header.Get("Authorization"); auth != "" && isAPI(r) {
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return principal{}, false
		}
		t, err := c.st.APIToken(ctx, hub.HashSecret(strings.TrimSpace(tok)))
		if err != nil {
			if !errors.Is(err, store.ErrUnauthorized) {
				c.log.Error("api token", "err", err)
			}
			return principal{}, false
		}
		return principal{Name: t.Name, Role: t.Role, Token: true}, true
	}
	ck, err := r.Cookie(cookieName)
	if err != nil || ck.Value == "" {
		return principal{}, false
	}
	id := hub.HashSecret(ck.Value)
	s, err := c.st.Session(ctx, id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			c.log.Error("session", "err", err)
		}
		c.clearCookie(w, r)
		return principal{}, false
	}
	now := c.now()
	if now.Sub(s.LastSeen) > c.opt.IdleTimeout {
		if err := c.st.DeleteSession(ctx, id); err != nil {
			c.log.Error("expire session", "err", err)
		}
		c.clearCookie(w, r)
		return principal{}, false
	}
	if now.Sub(s.LastSeen) > touchEvery {
		if err := c.st.TouchSession(ctx, id, now); err != nil {
			c.log.Error("touch session", "err", err)
		}
	}
	return principal{Name: s.User, Role: s.Role}, true
}

// startSession signs user in: a new session row and its cookie.
func (c *Console) startSession(w http.ResponseWriter, r *http.Request, user string) error {
	// Sessions whose browsers went away without signing out end here;
	// they could no longer be used anyway.
	if _, err := c.st.DeleteIdleSessions(r.Context(), c.now().Add(-c.opt.IdleTimeout)); err != nil {
		c.log.Error("delete idle sessions", "err", err)
	}
	id := newSessionID()
	if err := c.st.CreateSession(r.Context(), hub.HashSecret(id), user, c.now()); err != nil {
		return err
	}
	http.SetCookie(w, c.cookie(r, id, 0))
	return nil
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, c.cookie(r, "", -1))
}

// cookie is the session cookie: HttpOnly (no script reads it),
// SameSite=Lax (not sent on other sites' POSTs), Secure whenever the
// request came over TLS. No Expires: it ends with the browser, and the
// server ends it sooner when idle.
func (c *Console) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: cookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil}
}
