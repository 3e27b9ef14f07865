package console

import (
	"net/http"
	"strings"
)

type signinPage struct {
	Next  string
	Name  string
	Error string
}

// safeNext keeps a post-sign-in redirect on this site: a path, never
// "//host" or a scheme.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/today"
	}
	return next
}

func (c *Console) signinShow(w http.ResponseWriter, r *http.Request) {
	c.html(w, r, http.StatusOK, "signin", view{Title: "Sign in", Flash: c.takeFlash(w, r),
		Page: signinPage{Next: safeNext(r.URL.Query().Get("next"))}})
}
