// Package flow is the terminal's step engine: given a workflow, where it
// stands and one scan or keyed entry, it decides what that input means, what
// the operator must scan next and which ledger events a completed step
// records. It is pure: no terminal, no Bubble Tea, no database, no clock.
//
// The caller owns the loop:
//
//	st, out := flow.Start(flow.Receive, flow.Context{Operator: "op1"}, cat)
//	for each input {
//		next, out := flow.Step(st, cat, in)
//		if len(out.Actions) > 0 {
//			// record out.Actions (localdb.AppendBatch); only if that
//			// succeeds adopt next — otherwise keep st and show the error.
//		}
//		st = next
//		// show out.Prompt and out.Verdict
//	}
//
// Esc is [Back]. Read-only lookups (products, locations, lots, documents,
// stock, serial state) go through a [Catalog] the caller implements (the TUI
// over localdb; tests in memory, see package flowtest).
//
// Each workflow keeps its own state and rules in its own files (receive,
// transfer for put-away and move, pick, ship, return, count, lookup);
// [State] holds only what they share, and the rules they share live in
// files named for what they check or read (lotcheck, stock, location,
// items, expiry, quantity).
package flow

import (
	"fmt"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// Workflow names one floor task.
type Workflow string

// The workflows the terminal offers.
const (
	Receive Workflow = "receive" // against a purchase order
	Putaway Workflow = "putaway" // item/lot or SSCC → destination
	Move    Workflow = "move"    // from → items → to, any warehouse
	Pick    Workflow = "pick"    // from a pick list
	Ship    Workflow = "ship"    // confirm picked units against a sales order
	Return  Workflow = "return"  // customer return with disposition
	Count   Workflow = "count"   // cycle count of a location
	Lookup  Workflow = "lookup"  // scan anything: what, where, history
)

// Workflows lists every workflow in menu order.
func Workflows() []Workflow {
	return []Workflow{Receive, Putaway, Move, Pick, Ship, Return, Count, Lookup}
}

// ParseWorkflow maps a name (as on the command line) to a Workflow.
func ParseWorkflow(name string) (Workflow, error) {
	for _, w := range Workflows() {
		if string(w) == name {
			return w, nil
		}
	}
	return "", fmt.Errorf("unknown workflow %q (want one of receive, putaway, move, pick, ship, return, count, lookup)", name)
}

// Title is the workflow's screen title (fits 30 columns).
func (w Workflow) Title() string {
	switch w {
	case Receive:
		return "Receive"
	case Putaway:
		return "Put-away"
	case Move:
		return "Move"
	case Pick:
		return "Pick"
	case Ship:
		return "Ship"
	case Return:
		return "Return"
	case Count:
		return "Count"
	case Lookup:
		return "Look-up"
	}
	return string(w)
}

// Context is what stays fixed while a workflow runs: who works and what the
// station or menu preset. Empty fields are asked for by the workflow.
type Context struct {
	Operator string // operator id stamped on every action

	// Document presets; the workflow skips the step that asks for them.
	PO         string // Receive: purchase order id
	PickList   string // Pick: pick list id; Ship: its sales order is used
	SalesOrder string // Ship: sales order id
	ReturnAuth string // Return: return authorisation id

	// Location is the fixed location of a station: Receive records into
	// it, Put-away and Move use it as destination, Pick drops picked units
	// there, Ship ships from it (pack station), Return books returns into
	// it, Count counts it.
	Location string

	// Unattended is station mode: nobody answers prompts, so quantities
	// default to the barcode's count (AI 30/37) or 1, warnings that would
	// ask for a confirmation are recorded as warnings, and anything that
	// needs a person (an override, a missing lot) is refused.
	Unattended bool

	// Today is used for expiry checks when an Input carries no At.
	Today time.Time
}

// Command is a key with a meaning of its own, not data.
type Command string

const (
	// CmdNone: the input is data (a scan or keyed text).
	CmdNone Command = ""
	// CmdEnter: Enter on an empty entry — accept the suggestion or
	// default shown in the prompt, or finish a list (serials, items).
	CmdEnter Command = "enter"
	// CmdSkip: leave the current pick or ship line for later.
	CmdSkip Command = "skip"
)

// Input is one scan or one keyed entry, decoded. Build scans with
// [ScanInput]; a keyed entry is Input{Raw: text, Keyed: true} (or
// ScanInput with Keyed set afterwards, so a keyed GTIN still decodes).
type Input struct {
	Raw   string    // the data as scanned (AIM prefix included) or keyed; GS is 0x1D
	Keyed bool      // typed by a person on the keypad
	Cmd   Command   // a command key instead of data
	At    time.Time // when it was scanned; expiry checks use its date

	// Decoded GS1 content; all empty for a plain code (location, document
	// id, badge, keyed serial or quantity).
	GS1      bool   // Raw parsed as GS1
	GS1Err   error  // Raw looked like GS1 but is malformed (not gs1.ErrNotGS1)
	GTIN     string // (01)/(02) or a plain EAN/UPC, 14 digits
	Lot      string // (10)
	Serial   string // (21)
	SSCC     string // (00)
	Expiry   string // (17) as YYYY-MM-DD
	Count    int64  // (30)/(37); 0 when absent
	Location string // (414) GLN, with "/"+(254) extension when present
	// Unknown lists AIs the GS1 dictionary does not know that the scan
	// carried; they were kept (gs1.Options.TolerateUnknown), the rest of
	// the scan decoded as usual. Raw holds them for the record.
	Unknown []string

	// Unsplit is set when a variable-length value may hold another AI
	// because the scanner dropped a GS (gs1.Message.SuspectMissingSeparator):
	// UnsplitAI is the value's AI and its hidden one, Unsplit the reading
	// with the separator, e.g. "(10)L1(21)SN-9". The engine holds such a
	// scan until the operator confirms it (see [FlagKeptWhole]).
	Unsplit   string
	UnsplitAI [2]string
}

// Level grades a verdict.
type Level int

const (
	// None: nothing was judged (a fresh prompt).
	None Level = iota
	// OK: the input was accepted.
	OK
	// Warning: accepted, but the operator should notice (over-receipt,
	// lot other than FEFO, stock kept apart).
	Warning
	// Error: refused; the state did not advance.
	Error
)

func (l Level) String() string {
	switch l {
	case OK:
		return "ok"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// Verdict is the engine's judgement of one input, for the operator.
type Verdict struct {
	Level  Level
	Reason string // plain words, e.g. "Lot L7 is recalled: do not pick"
}

// Want says what kind of entry a prompt expects, so the TUI can offer the
// keypad (numbers, dates) or a choice list.
type Want string

const (
	WantDoc         Want = "doc"         // a document id (PO, pick list, order, RA)
	WantItem        Want = "item"        // a product barcode (GTIN, GS1, SSCC)
	WantLot         Want = "lot"         // lot code
	WantExpiry      Want = "expiry"      // date: YYMMDD or YYYY-MM-DD
	WantQty         Want = "qty"         // a quantity
	WantSerial      Want = "serial"      // one unit's serial
	WantLocation    Want = "location"    // a location barcode or code
	WantChoice      Want = "choice"      // one of Prompt.Choices by its key
	WantConfirm     Want = "confirm"     // Enter to confirm, Esc to go back
	WantAnything    Want = "anything"    // look-up: any barcode
	WantItemOrPlace Want = "item/place"  // an item, or a location to finish
	WantItemOrDone  Want = "item/finish" // an item, or Enter to finish
)

// Choice is one numbered option of a WantChoice prompt; the operator keys
// Key (or scans its text).
type Choice struct {
	Key   string // "1", "2", …
	Label string // short, fits 26 columns
}

// Prompt is what the screen asks for next. Text is the big line and Why the
// reason under it; both fit 30 columns. Info lines are the context (PO line,
// pick line, n of N serials, look-up results): short, most within 30
// columns, but never cut by the engine — the screen wraps them to its width.
type Prompt struct {
	Want    Want
	Text    string   // e.g. "Scan LOT"
	Why     string   // e.g. "PO-7 line 2 needs a lot"
	Suggest string   // value Enter accepts (FEFO lot, location, quantity), "" if none
	Choices []Choice // for WantChoice
	Info    []string // context lines
	Alert   bool     // Info holds a red alert (recall) the screen must show in red
}

// Outcome is the engine's answer to one input.
type Outcome struct {
	Verdict Verdict
	Prompt  Prompt
	// Actions are the events a completed step records, all or nothing
	// (localdb.AppendBatch), before the new state is adopted. The engine
	// sets Operator, Kind, product, lot, serial, expiry, qty, from, to,
	// document, override, note and Raw; the ledger fills the rest.
	Actions []inventory.Event
	// Done: the document is finished (every line received, picked,
	// shipped); the workflow goes on with its first prompt.
	Done bool
	// Exit: Back was pressed at the first step; leave the workflow.
	Exit bool
}
