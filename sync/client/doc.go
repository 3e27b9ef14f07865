// Package client is the terminal side of the sync protocol: it enrols a
// terminal with a hub, then ships the local outbox to the hub exactly once
// and pulls master data, documents, lot status and exceptions back.
//
// # Delivery
//
// A [Client] pushes the outbox of a [localdb.DB] in seq order, in batches
// bounded by count and by bytes, and deletes outbox rows only after the hub
// acknowledged them (AckThrough). Retrying a batch is always safe: the hub
// applies each (device, seq) at most once and answers the highest contiguous
// seq it holds. So a dropped request, a dropped answer, a duplicated request,
// a restarted hub or a killed terminal all converge to one copy of each
// event on the hub.
//
// The loop in [Client.Run] pushes right after a local commit ([Client.Kick])
// while the hub answers, and backs off exponentially with jitter while it
// does not; the retry timer, the periodic pull and the first round after
// start all push too, so a backlog resumes by itself after a restart or a
// network return, never only after the next local write.
//
// # Status
//
// [Client.Status] is a cheap copy of the last known state (a mutex and a
// struct copy, no I/O), safe to call from a TUI's View. [Client.Subscribe]
// returns a channel that always holds the newest status (older unread ones
// are replaced), for a status bar that redraws on change. Its [Cause] says
// why the link is in its state (offline, revoked, unknown token, …): the
// hub's answers are told apart by their [wire.Code] and HTTP status,
// network failures by the errors the net package wraps, never by text.
//
// # Lifecycle
//
// A [Runner] is what the terminal UI runs: the loop in the background,
// "Sync now" with an operator's sentence as the error, and, after a stop
// retrying cannot fix (revoked or unknown token), a watch on the data
// folder's enrollment.json so a re-enrolment resumes syncing without a
// restart.
//
// # Transport
//
// Bodies are JSON, gzip-compressed both ways; every request carries
// [wire.HeaderProtocol]. Over HTTPS the hub's leaf certificate is pinned by
// the SHA-256 of its DER bytes (the [Enrollment.Fingerprint]), recorded at
// enrolment; plain HTTP is accepted only for loopback hubs unless the
// operator asked for it explicitly.
package client
