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

// State is where a workflow stands. It is a value: Step and Back return a
// new State and never change the one passed in, so the caller can keep the
// old one when recording fails. The zero State is not usable; get one from
// Start.
//
// State holds what every workflow shares: which workflow, its context, the
// step it waits at and the item in hand. What one workflow alone keeps (its
// document, a drop location, the units a move collected, a count's running
// totals) is its job, defined beside the workflow in its own file.
type State struct {
	wf  Workflow
	ctx Context
	st  step

	// The item in hand: scanned, not yet recorded. clearItem forgets it.
	item    inventory.Product // current product; item.GTIN == "" when none yet
	line    int               // document line it belongs to (1-based, 0 = none)
	lot     string
	expiry  string
	qty     int64
	raw     string   // the item scan that justified the current item
	sscc    string   // the pallet label it came under
	serials []string // units captured for the current item, not yet recorded
	sraws   []string // raw scan per captured serial

	pendLot, pendExp string // a lot/expiry scanned before its product

	job job // the workflow's own state; nil for Look-up, which keeps none

	// finished: this step closed a piece of work (a location's count) and
	// went back to the first prompt; Esc then leaves instead of reopening
	// it.
	finished bool

	// fresh is what this Step records per document line; the catalog
	// does not have it yet when the Step builds its prompt. Only set
	// between recording and building that outcome: a returned State never
	// carries it.
	fresh map[int]int64

	prev *State // the state before the last accepted input, for Back

	// held is a scan refused once because a value may hide another AI
	// (holdUnsplit); the same scan again confirms it. whole is what was
	// confirmed so, stamped on the events that carry it.
	held  string
	whole []keptWhole
}

// job is what one workflow keeps beyond the State every workflow shares,
// and the workflow's rules: how it takes an input and what it asks next.
// A job belongs to one State; Step changes only a clone of it.
type job interface {
	// step takes one input at s's current step, changing s (a clone the
	// caller may throw away) and the job; it returns the verdict and the
	// events to record.
	step(s *State, cat Catalog, in Input) (Verdict, []inventory.Event)
	// prompt is what the screen asks for at s's current step.
	prompt(s State, cat Catalog) Prompt
	// clone returns a copy whose slices and maps the caller may change
	// freely.
	clone() job
	// clearItem forgets what the job kept about the item in hand.
	clearItem()
}

// docJob is a job that works through one document's lines: a purchase
// order, a pick list or a sales order.
type docJob interface {
	job
	// docID is the open document, "" when none is open yet.
	docID() string
	// complete reports whether every line of the document is done,
	// counting what this step recorded (s.fresh).
	complete(s State, cat Catalog) bool
	// leave closes a completed document to ask for the next one; false
	// when the workflow stays on it.
	leave(s *State) bool
}

// The engine finds document workflows by docJob: a missing method must
// not make one silently stop finishing its documents.
var (
	_ docJob = (*receiving)(nil)
	_ docJob = (*picking)(nil)
	_ docJob = (*shipping)(nil)
)

// Workflow reports which workflow the state belongs to.
func (s State) Workflow() Workflow { return s.wf }

// Context reports the fixed context the workflow was started with.
func (s State) Context() Context { return s.ctx }

// Doc is the document the workflow works against ("" if none yet); in
// Return, the return authorisation, when one was given.
func (s State) Doc() string {
	if rt, ok := s.job.(*returning); ok {
		return rt.ra
	}
	return s.docID()
}

// docID is the document a PO, pick list or order workflow has open.
func (s State) docID() string {
	if d, ok := s.job.(docJob); ok {
		return d.docID()
	}
	return ""
}

// Pending reports how many scanned units are waiting for a step that
// records them (serials before their location, move lines before the
// destination). The screen can warn before the operator leaves.
func (s State) Pending() int {
	n := len(s.serials)
	if tr, ok := s.job.(*transferring); ok {
		n += len(tr.units)
	}
	return n
}

// clone returns a copy whose slices and maps the caller may change freely.
func (s State) clone() State {
	n := s
	n.serials = append([]string(nil), s.serials...)
	n.sraws = append([]string(nil), s.sraws...)
	if s.job != nil {
		n.job = s.job.clone()
	}
	n.fresh = nil
	return n
}

// clearItem forgets the item in hand, keeping document and locations.
func (s *State) clearItem() {
	s.item = inventory.Product{}
	s.lot, s.expiry, s.raw, s.sscc = "", "", "", ""
	s.qty = 0
	s.serials, s.sraws = nil, nil
	s.line = 0
	if s.job != nil {
		s.job.clearItem()
	}
}
