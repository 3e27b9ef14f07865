package flow

import "github.com/scanterm/scanterm/inventory"

// step is where a workflow stands: which entry it waits for.
type step int

const (
	stDoc         step = iota // document id
	stDrop                    // pick: where picked units go
	stFrom                    // from-location (move, count, ambiguous stock)
	stItem                    // an item (or, per workflow, a location to finish)
	stLot                     // lot code
	stExpiry                  // expiry date
	stQty                     // quantity
	stConfirm                 // Enter to confirm (over-receipt, count finish)
	stSerial                  // one serial per unit
	stOverride                // pick: reason for a lot other than the list's
	stDisposition             // return: restock or quarantine
	stTo                      // destination / receiving location
	stOrder                   // return: which of several orders a lot came back from
)

// unit is one collected line waiting for its destination: a quantity of a
// product and lot, or one serial.
type unit struct {
	GTIN, Lot, Expiry, Serial, From, Raw string
	SSCC                                 string // the pallet label it moves under
	Qty                                  int64
}

// State is where a workflow stands. It is a value: Step and Back return a
// new State and never change the one passed in, so the caller can keep the
// old one when recording fails. The zero State is not usable; get one from
// Start.
type State struct {
	wf  Workflow
	ctx Context
	st  step

	doc  string // PO, pick list, sales order or RA id
	ra   string // return authorisation (Return), when given
	line int    // document line the current item belongs to (1-based, 0 = none)

	item    inventory.Product // current product; item.GTIN == "" when none yet
	lot     string
	expiry  string
	qty     int64
	raw     string // the item scan that justified the current item
	sscc    string
	serials []string // units captured for the current item, not yet recorded
	sraws   []string // raw scan per captured serial

	pendLot, pendExp string // a lot/expiry scanned before its product

	from, to string // location codes
	drop     string // pick: where picked units go
	units    []unit // move/put-away: collected, not yet recorded

	override    string // pick: the operator's reason for another lot
	confirmed   bool   // over-receipt / count finish confirmed
	disposition string // return: "restock" | "quarantine"
	lastTo      string // last destination, suggested again
	skipped     []int  // pick/ship: lines skipped for now
	counted     []string
	count       map[string]int64 // unattended count: running totals per item key
	traceDoc    string           // return: sales order the unit went out on
	traceShip   string           // return: when it went out (YYYY-MM-DD)

	// finished: this step closed a piece of work (a location's count) and
	// went back to the first prompt; Esc then leaves instead of reopening
	// it.
	finished bool

	heldSaid bool // receive/put-away: the held-lot warning was given for this item

	orders, orderDates []string // return: orders the lot went out on, to choose from

	// fresh is what this Step records per document line; the catalog
	// does not have it yet when the Step builds its prompt. Only set
	// between recording and building that outcome: a returned State never
	// carries it.
	fresh map[int]int64

	prev *State // the state before the last accepted input, for Back
}

// Workflow reports which workflow the state belongs to.
func (s State) Workflow() Workflow { return s.wf }

// Context reports the fixed context the workflow was started with.
func (s State) Context() Context { return s.ctx }

// Doc is the document the workflow works against ("" if none yet); in
// Return, the return authorisation, when one was given.
func (s State) Doc() string {
	if s.wf == Return && s.doc == "" {
		return s.ra
	}
	return s.doc
}

// Pending reports how many scanned units are waiting for a step that
// records them (serials before their location, move lines before the
// destination). The screen can warn before the operator leaves.
func (s State) Pending() int { return len(s.serials) + len(s.units) }

// clone returns a copy whose slices and maps the caller may change freely.
func (s State) clone() State {
	n := s
	n.serials = append([]string(nil), s.serials...)
	n.sraws = append([]string(nil), s.sraws...)
	n.units = append([]unit(nil), s.units...)
	n.skipped = append([]int(nil), s.skipped...)
	n.counted = append([]string(nil), s.counted...)
	n.orders = append([]string(nil), s.orders...)
	n.orderDates = append([]string(nil), s.orderDates...)
	if s.count != nil {
		n.count = make(map[string]int64, len(s.count))
		for k, v := range s.count {
			n.count[k] = v
		}
	}
	n.fresh = nil
	return n
}

// clearItem forgets the current item, keeping document and locations.
func (s *State) clearItem() {
	s.item = inventory.Product{}
	s.lot, s.expiry, s.raw, s.sscc = "", "", "", ""
	s.qty = 0
	s.serials, s.sraws = nil, nil
	s.override = ""
	s.confirmed = false
	s.disposition = ""
	s.line = 0
	s.traceDoc, s.traceShip = "", ""
	s.heldSaid = false
	s.orders, s.orderDates = nil, nil
}
