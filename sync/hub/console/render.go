package console

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scanterm/scanterm/sync/hub/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// view is what the layout renders around a page.
type view struct {
	Title string
	Nav   string // which menu entry is current
	Who   principal
	Flash string
	Page  any
}

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05Z")
	},
	// span is a first and a last time: one time when they are the same.
	"span": func(first, last time.Time) string {
		f := first.UTC().Format("2006-01-02 15:04Z")
		if l := last.UTC().Format("2006-01-02 15:04Z"); l != f {
			return f + " – " + l
		}
		return f
	},
	"ago": func(t time.Time, now time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return humanDuration(now.Sub(t)) + " ago"
	},
	// clock says how far a terminal's clock is off the hub's, in words:
	// "right" within store.ClockExact.
	"clock": func(d time.Duration) string {
		switch {
		case d.Abs() < store.ClockExact:
			return "right"
		case d > 0:
			return humanDuration(d) + " ahead"
		}
		return humanDuration(-d) + " behind"
	},
}

// parsePages parses each page with the layout, once, at start.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("console template %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// respond answers with page as JSON on /api/ and as the HTML template
// name otherwise: one handler, two shapes, one truth.
func (c *Console) respond(w http.ResponseWriter, r *http.Request, status int, name, title string, page any) {
	if isAPI(r) {
		c.json(w, status, page)
		return
	}
	c.html(w, r, status, name, view{Title: title, Nav: name, Who: who(r), Flash: c.takeFlash(w, r), Page: page})
}

func (c *Console) html(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t := c.pages[name]
	if t == nil {
		c.log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		c.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error; see the hub log", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (c *Console) json(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"encode reply"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
	w.Write([]byte("\n"))
}

// apiError is the body of every /api/ refusal.
type apiError struct {
	Status int    `json:"status"`
	Error  string `json:"error"`
}

// fail answers a refusal or an error; a 5xx hides its cause from the
// client and logs it.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status >= 500 {
		c.log.Error("console request failed", "method", r.Method, "path", r.URL.Path, "err", msg)
		msg = "internal error; see the hub log"
	}
	if isAPI(r) {
		c.json(w, status, apiError{Status: status, Error: msg})
		return
	}
	c.html(w, r, status, "error", view{Title: http.StatusText(status), Who: who(r), Page: apiError{Status: status, Error: msg}})
}

// flashCookie carries one message across a POST-redirect-GET.
const flashCookie = "scanhub_flash"

// done ends a successful form action: JSON v on /api/, else a redirect
// to `to` with msg shown there once.
func (c *Console) done(w http.ResponseWriter, r *http.Request, to, msg string, v any) {
	if isAPI(r) {
		c.json(w, http.StatusOK, v)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: 60})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) string {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	msg, err := url.QueryUnescape(ck.Value)
	if err != nil {
		return ""
	}
	return msg
}

func humanDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
