package flow

import (
	"errors"

	"github.com/scanterm/scanterm/inventory"
)

// Locations: reading an input as a location label.

// asLocation reports whether the input is a known location's label. A GS1
// (414) label names its location outright; any other GS1 data is not a
// location; a plain code is one if the catalog knows it.
func asLocation(cat Catalog, in Input) (inventory.Location, bool, Verdict) {
	if in.Cmd != CmdNone {
		return inventory.Location{}, false, Verdict{}
	}
	if in.Location != "" {
		l, err := cat.Location(in.Location)
		if err != nil {
			return l, false, lookupErr(err, "location "+in.Location)
		}
		return l, true, Verdict{}
	}
	if in.GS1 && (in.GTIN != "" || in.SSCC != "" || in.Lot != "" || in.Serial != "" || in.Expiry != "") {
		return inventory.Location{}, false, Verdict{}
	}
	code := text(in)
	if code == "" {
		return inventory.Location{}, false, Verdict{}
	}
	l, err := cat.Location(code)
	if errors.Is(err, ErrNotFound) {
		return l, false, Verdict{}
	}
	if err != nil {
		return l, false, lookupErr(err, "location "+code)
	}
	return l, true, Verdict{}
}

// needLocation reads an input where a location is expected.
func needLocation(cat Catalog, in Input, what string) (inventory.Location, Verdict) {
	if in.Cmd != CmdNone {
		return inventory.Location{}, errorf("Scan the %s location", what)
	}
	l, ok, v := asLocation(cat, in)
	if v.Level == Error {
		return l, v
	}
	if !ok {
		switch {
		case in.GTIN != "" || in.SSCC != "":
			return l, errorf("That is an item: scan the %s location", what)
		case in.GS1:
			return l, errorf("Not a location label: scan the %s location", what)
		}
		return l, errorf("Unknown location %q: scan the %s location", fitN(text(in), 20), what)
	}
	return l, Verdict{}
}
