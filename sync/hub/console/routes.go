package console

import (
	"net/http"

	"github.com/scanterm/scanterm/sync/hub/store"
)

// routes registers every page and action. A page answers GET PATH with
// HTML and GET /api/v1PATH with the same data as JSON; an action answers
// POST likewise (a redirect for the browser, JSON for the API).
func (c *Console) routes(m *http.ServeMux) {
	sup, adm := store.RoleSupervisor, store.RoleAdmin
	page := func(path, role string, h http.HandlerFunc) {
		m.HandleFunc("GET "+path, c.need(role, h))
		m.HandleFunc("GET /api/v1"+path, c.need(role, h))
	}
	action := func(path, role string, h http.HandlerFunc) {
		m.HandleFunc("POST "+path, c.need(role, h))
		m.HandleFunc("POST /api/v1"+path, c.need(role, h))
	}

	m.Handle("GET /static/", http.FileServerFS(staticFS))
	m.HandleFunc("GET /signin", c.signinShow)
	m.HandleFunc("POST /signin", c.signinCheck)
	m.HandleFunc("POST /signout", c.need(sup, c.signout))
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/today", http.StatusSeeOther)
	})

	page("/today", sup, c.todayShow)
	page("/stock", sup, c.stockShow)
	page("/lot", sup, c.lotShow)
	page("/lot/status", sup, c.lotStatusConfirm)
	action("/lot/status", sup, c.lotStatusUpdate)
	page("/lot/report", sup, c.lotReport)
	page("/serial", sup, c.serialShow)
	page("/exceptions", sup, c.exceptionsShow)
	action("/exceptions/{id}/resolve", sup, c.exceptionResolve)
	page("/terminals", sup, c.terminalsShow)
	action("/terminals", adm, c.terminalEnrol)
	action("/terminals/{name}/revoke", adm, c.terminalRevoke)
	action("/terminals/{name}/reinstate", adm, c.terminalReinstate)
	page("/documents", sup, c.documentsShow)
	page("/events", sup, c.eventsShow)
	page("/events.csv", sup, c.eventsCSV)
	page("/import", adm, c.importShow)
	action("/import", adm, c.importPreview)
	action("/import/apply", adm, c.importApply)

	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, http.StatusNotFound, "no such page: "+r.Method+" "+r.URL.Path)
	})
}
