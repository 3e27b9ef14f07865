package main

import "testing"

// TestE2EDocListFilter: in the real binary at 30×16, keys typed with F2
// open filter the list; "PO-1" then Enter opens PO-1 (the first key is a
// letter, so no number picks a line), nothing lands on the entry line.
func TestE2EDocListFilter(t *testing.T) {
	tm := startTerm(t, 30, 16, nil)
	tm.signIn()
	tm.keys("1")
	tm.waitFor("Scan PO number")
	tm.keys("F2")
	tm.waitFor("1 open: 1-9")
	tm.keys("P", "O", "-", "1")
	tm.waitFor("1 match PO-1", "PO-1 Acme Pharma")
	tm.keys("Enter")
	tm.waitFor("Receive · PO-1", "Scan ITEM")
	tm.quit()
}
