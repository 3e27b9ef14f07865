// Package localdb is the terminal's SQLite database: the append-only event
// ledger, the stock/lot/serial projections derived from it, the outbox the
// sync client drains, the master data and documents pulled from the hub, and
// the trace queries a supervisor asks offline.
//
// Every confirmed action is one Append: the event, its projections and its
// outbox row commit in one transaction with synchronous=FULL, so an action
// Append returned for survives kill -9 and power loss. Events are never
// updated or deleted (triggers refuse it); a correction is an adjust event.
package localdb
