// Package inventory is the warehouse's vocabulary and the rules that hold on
// every side: products, places, lots, serials, documents, operators, the
// [Event] that records one physical action, and how an event changes stock
// and serial state ([EffectOf], which the terminal's projection and the
// hub's alike call). The terminal's ledger, the step engine, the sync client
// and the hub all speak it; it imports nothing of the product's own, so
// every layer can import it without importing another layer.
package inventory
