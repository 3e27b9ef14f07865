// Package localdb is the terminal's SQLite database: the append-only event
// ledger, the stock/lot/serial projections derived from it, the outbox the
// sync client drains, the master data and documents pulled from the hub, and
// the trace queries a supervisor asks offline.
//
// # Durability
//
// The file is opened in WAL mode with synchronous=FULL, foreign_keys=ON and
// a busy timeout (checked after open). Every confirmed action is one
// [DB.Append]: the event, its projections (stock, serials, per-document-line
// progress) and its outbox row commit in one transaction, so an action
// Append returned for survives kill -9 and power loss, and a failure leaves
// nothing behind. Events are never updated or
// deleted (triggers refuse it); a correction is an adjust event. Seq is
// per-device and gapless because it is assigned inside the write lock and a
// rolled-back transaction consumes none.
//
// # Event kinds (see inventory)
//
//	receive  +Qty at To (from a supplier; Doc = PO, DocLine = PO line)
//	putaway  Qty From -> To
//	move     Qty From -> To
//	pick     Qty From -> To (staging; Doc = pick list)
//	ship     -Qty at From (Doc = sales order)
//	return   +Qty at To (Doc = sales order or RA)
//	count    sets stock at To to Qty (for a serial: the unit is at To)
//	adjust   signed Qty at To, or at From when negative and From is set
//
// A serial's status follows: receive, putaway, move, count, adjust+ ->
// in_stock; pick -> picked; ship -> shipped; return -> returned; adjust- ->
// scrapped. A serialised unit leaves the place the projection has it, not
// the one the event names. The projection applies these by
// inventory.EffectOf, the rule the hub follows too. When a serialised
// draft has no lot, Append fills it from the serial's state so stock per
// lot stays right.
//
// # Pallets
//
// An event may carry the SSCC (GS1 AI 00) of the pallet its units arrived
// or move under; Append refuses one that is not 18 digits with a valid
// check digit. [DB.Pallet] answers "what is on this pallet": what was
// received under the label and where those units are now.
//
// # Rules
//
// Append refuses with a *[RuleError] (Code for programs, Message for the
// operator; errors.Is against the Err… sentinels): a quantity beyond
// [MaxQty] or a malformed SSCC; unknown product or location; missing lot for a lot-tracked product; missing expiry at
// receipt when the product requires one; missing serial or qty other than 1
// (±1 for adjust) for a serialised product; a serial already in stock, in
// stock at another location, already shipped, or scrapped; picking or
// shipping an expired (before today), quarantined or recalled lot; picking
// a lot other than the pick list line's without an Override reason; stock
// going below zero at a location ([Refuse], or [AllowAndFlag] which records
// the event with the flag "negative_stock"). The terminal only knows its own
// events, so a serial never seen here is judged by the stock rule alone
// (the place the action names must hold one of its lot), and, as on the
// hub, leaves no place in the projection.
//
// # Schema
//
// Migrations are embedded (migrations/NNNN_*.sql) and tracked in
// PRAGMA user_version. Open upgrades from any earlier version, one
// transaction per step, and refuses a file from a newer scanterm with
// [ErrSchemaTooNew], leaving it untouched. A damaged file gives
// [ErrCorrupt], an unwritable one [ErrReadOnly].
package localdb
