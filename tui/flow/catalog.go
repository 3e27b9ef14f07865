package flow

import (
	"errors"
	"time"

	"github.com/scanterm/scanterm/inventory"
)

// ErrNotFound is what a Catalog returns (wrapped or not) for an unknown
// product, location, lot, serial or document. Any other error is a failure
// to read local data; the engine shows it and keeps the state.
var ErrNotFound = errors.New("not found")

// Catalog is the read-only view of master data, documents and stock the
// engine consults. Implementations must reflect every event recorded so far
// (the engine relies on it for document progress and stock checks).
type Catalog interface {
	// Product by 14-digit GTIN.
	Product(gtin string) (inventory.Product, error)
	// Location by code or by barcode (a location label's raw data, or
	// "GLN" / "GLN/extension" from a GS1 (414)(254) label).
	Location(codeOrBarcode string) (inventory.Location, error)
	// Lot master data and status.
	Lot(gtin, lot string) (inventory.Lot, error)

	PurchaseOrder(id string) (inventory.PurchaseOrder, error)
	Received(poID string) (map[int]int64, error) // qty received per PO line
	PickList(id string) (inventory.PickList, error)
	Picked(pickListID string) (map[int]int64, error) // qty picked per line
	SalesOrder(id string) (inventory.SalesOrder, error)
	Shipped(salesOrderID string) (map[int]int64, error) // qty shipped per line
	ReturnAuth(id string) (inventory.ReturnAuth, error)

	// Stock on hand; empty filter fields match anything. Rows with zero
	// quantity may be omitted.
	Stock(f StockFilter) ([]StockRow, error)
	// FEFO lists the product's lots with stock in pickable order:
	// earliest expiry first, lots without expiry last.
	FEFO(gtin string, today time.Time) ([]inventory.FEFOCandidate, error)
	// Serial state; gtin "" matches the serial on any product (the first
	// found). ErrNotFound when the terminal never saw it.
	Serial(gtin, serial string) (inventory.SerialState, error)
	// History lists events about a serial (when serial != "") or else a
	// lot (gtin + lot), oldest first, at most limit (0 = all).
	History(gtin, lot, serial string, limit int) ([]inventory.Event, error)
}

// ReturnProgress is what a Catalog may also offer: the units returned per
// line of a return authorisation. Without it the engine counts returns of
// an RA's lot and serial lines from their history, and cannot count
// those of untracked products.
type ReturnProgress interface {
	Returned(raID string) (map[int]int64, error)
}

// ExceptionSource is what a Catalog may also offer: the hub's exceptions
// on this terminal's events (a recalled lot shipped while offline, …).
// Look-up then marks the events they concern.
type ExceptionSource interface {
	Exceptions() ([]inventory.Exception, error)
}

// PalletSource is what a Catalog may also offer: what arrived under a
// pallet label (SSCC, AI 00) and where those units are now, one line per
// product and lot; ErrNotFound for an SSCC no event carries. With it a
// pallet is put away or moved by its label alone, and a pallet received
// before is not received again.
type PalletSource interface {
	Pallet(sscc string) ([]PalletLine, error)
}

// SerialSource is what a Catalog may also offer: the serialised units
// physically at a location (in stock, picked or returned there), of one
// product when gtin is not "". With it a cycle count writes off each unit
// on record that nobody scanned (an adjust of -1 noted NoteNotFound);
// without it the count only says how many are missing.
type SerialSource interface {
	SerialsAt(location, gtin string) ([]inventory.SerialState, error)
}

// LocationLister is what a Catalog may also offer: the locations of one
// kind, by code. With it a recalled or quarantined lot is offered a
// quarantine location (Enter) even where none holds it yet.
type LocationLister interface {
	LocationsOfKind(kind inventory.LocationKind) ([]inventory.Location, error)
}

// LotFinder is what a Catalog may also offer: the lots with a code on any
// product, stocked or not. With it Look-up finds a lot that has no stock
// (expired and written off, all shipped) by its code alone.
type LotFinder interface {
	LotsByCode(lot string) ([]inventory.Lot, error)
}

// NoteNotFound is the note of the adjustment a count records for a
// serialised unit on record at the counted place that was not found.
const NoteNotFound = "count: not found"

// serialsAt reads the units at a location through the catalog's
// SerialSource; ok is false when the catalog has none.
func serialsAt(cat Catalog, location string) (sts []inventory.SerialState, ok bool, v Verdict) {
	base := unmemo(cat)
	src, has := base.(SerialSource)
	if !has {
		return nil, false, Verdict{}
	}
	sts, err := src.SerialsAt(location, "")
	if err != nil {
		return nil, false, lookupErr(err, "serials at "+location)
	}
	return sts, true, Verdict{}
}

// PalletLine is one product and lot that arrived on a pallet.
type PalletLine struct {
	GTIN, Lot, Expiry string
	Qty               int64    // received under the SSCC
	Serials           []string // serials received under it
	Doc               string   // the PO it was received on
	DocLine           int
	Places            []PalletPlace // where those units are now
}

// PalletPlace is part of a pallet line at one location.
type PalletPlace struct {
	Location string
	Qty      int64
	Serials  []string
}

// pallet reads a pallet through the catalog's PalletSource; ok is false
// when the catalog has none or does not know the SSCC.
func pallet(cat Catalog, sscc string) (lines []PalletLine, ok bool, v Verdict) {
	base := unmemo(cat)
	src, has := base.(PalletSource)
	if !has {
		return nil, false, Verdict{}
	}
	lines, err := src.Pallet(sscc)
	if errors.Is(err, ErrNotFound) {
		return nil, false, Verdict{}
	}
	if err != nil {
		return nil, false, lookupErr(err, "pallet "+sscc)
	}
	return lines, len(lines) > 0, Verdict{}
}

// StockFilter narrows Catalog.Stock.
type StockFilter struct {
	Location string
	GTIN     string
	Lot      string
}

// StockRow is stock on hand of one product and lot at one location.
type StockRow struct {
	Location string
	GTIN     string
	Lot      string
	Expiry   string // YYYY-MM-DD or ""
	Qty      int64
}
