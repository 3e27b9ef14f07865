// Package console is the supervisors' web console: the hub in a browser,
// served by scanhub serve on the same listener (and TLS) as the sync
// protocol. Pages are rendered on the server from html/template files
// embedded in the binary, with no JavaScript build; every page has a JSON
// twin under /api/v1/ that runs the same handler, so the console and an
// ERP see one truth.
//
// Layout, after Miniflux's internal/ui: all routes in routes.go, one small
// file per page or action (stock_show.go, lot_status_update.go, …),
// sessions and passwords in session.go and password.go, cross-origin
// protection, authentication and role checks as middleware.
//
// Security: accounts sign in with a password hashed with argon2id; the
// session cookie is random, HttpOnly, SameSite=Lax, Secure under TLS, stored
// only as its SHA-256, and expires after Options.IdleTimeout without use.
// Every state-changing request passes net/http's CrossOriginProtection and
// a role check; failed sign-ins are rate-limited per client address and per
// account. Integrations use per-integration bearer tokens (scanhub token
// add) on /api/v1 only.
package console
