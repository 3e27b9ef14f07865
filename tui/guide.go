package tui

import "github.com/scanterm/scanterm/tui/flow"

// guide is the help page's first paragraph for a workflow: what the task
// is and the order of its scans, in words a new operator can follow. The
// prompt on screen says the current step; this says the whole path.
func guide(wf flow.Workflow) string {
	switch wf {
	case flow.Receive:
		return "Scan the PO (F2 lists open POs), then each item. Key lot, expiry or qty if the label lacks them; then scan the location."
	case flow.Putaway:
		return "Scan an item or pallet SSCC, key the qty, then scan the bin (Enter takes the one suggested). One lot per bin."
	case flow.Move:
		return "Scan where the stock is, then the items (key a qty for lots); Enter when done, then scan where it goes."
	case flow.Pick:
		return "Scan the pick list (F2 lists them), then the drop location. Per line: scan the lot shown, key the qty. F3 skips a line."
	case flow.Ship:
		return "Scan the order or pick list (F2 lists them), then each picked unit or lot and confirm the qty. F3 skips a line."
	case flow.Return:
		return "Scan the RA (F2 lists open RAs) or the unit. Confirm the qty, choose 1 restock or 2 quarantine, then scan the place."
	case flow.Count:
		return "Scan the location, then every item in it and key what you see. Enter when the place is done; uncounted lines are 0."
	case flow.Lookup:
		return "Scan or key an item, lot, serial, place or document: what it is, where it is, its history. Blocked lots show in red."
	}
	return ""
}

// hasDocs says which workflows F2 lists documents for (and their lines
// once one is chosen).
func hasDocs(wf flow.Workflow) bool {
	switch wf {
	case flow.Receive, flow.Pick, flow.Ship, flow.Return:
		return true
	}
	return false
}

// hasLines says which workflows F3 skips a document line in.
func hasLines(wf flow.Workflow) bool { return wf == flow.Pick || wf == flow.Ship }

// docsHelp is what F2 lists in a workflow, for its help line.
func docsHelp(wf flow.Workflow) string {
	switch wf {
	case flow.Receive:
		return "open POs; PO lines"
	case flow.Pick:
		return "pick lists; lines"
	case flow.Ship:
		return "orders; order lines"
	case flow.Return:
		return "open RAs; RA lines"
	}
	return "list"
}
