package flow

import (
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// prompt shows the current pick line: product, lot (listed or the FEFO
// suggestion), quantity and where from and to.
func (pk *picking) prompt(s State, cat Catalog) Prompt {
	var p Prompt
	switch s.st {
	case stDoc:
		return Prompt{Want: WantDoc, Text: "Scan PICK LIST", Why: "the list to pick"}
	case stDrop:
		p := Prompt{Want: WantLocation, Text: "Scan DROP location", Why: "tote or staging for picks", Info: []string{"Pick list " + pk.doc}}
		if p.Suggest = dropSuggest(cat, pk.from); p.Suggest != "" {
			p.Why = "Enter = " + p.Suggest
		}
		return p
	}
	line, rem, ok, err := pk.pickLine(s, cat)
	if err != nil {
		return Prompt{Want: WantDoc, Text: "Pick list unreadable", Why: fmt.Sprint(err)}
	}
	if !ok {
		return Prompt{Want: WantConfirm, Text: "All lines picked", Why: "Esc: next pick list", Info: []string{"Pick list " + pk.doc}}
	}
	pl, _ := cat.PickList(pk.doc)
	name := line.GTIN
	prod, perr := cat.Product(line.GTIN)
	if perr == nil {
		name = short(prod) + " " + prod.Name
	}
	p.Info = []string{
		fmt.Sprintf("Line %d of %d: pick %d", line.Line, len(pl.Lines), rem),
		name,
	}
	why, blocked := pk.listedBlocked(s, cat, line, Input{})
	fefoAt := "" // where the FEFO lot shown is
	switch {
	case s.lot != "" && line.Lot != "" && s.lot != line.Lot:
		// Say which lot is being picked, not only the list's.
		p.Info = append(p.Info, "Lot "+s.lot+" (list: "+line.Lot+")")
	case blocked:
		// The listed lot cannot be picked: say so before it is scanned,
		// and what to pick instead.
		p.Info = append(p.Info, "Lot "+line.Lot+" "+upper(why)+": do not pick")
		p.Alert = true
		t := s
		t.item = prod
		if f, ok := pk.fefo(t, cat, Input{}); ok {
			p.Info = append(p.Info, "Pick FEFO "+f.Lot+" "+f.Expiry)
			p.Suggest, fefoAt = f.Lot, f.Location
		} else {
			p.Info = append(p.Info, "No pickable lot in stock")
		}
	case line.Lot != "":
		p.Info = append(p.Info, "Lot "+line.Lot)
	case perr == nil && prod.Tracking != inventory.TrackNone:
		t := s
		t.item = prod
		if f, ok := pk.fefo(t, cat, Input{}); ok {
			// "FEFO S26-002 2027-01-31": lot and expiry in 30 columns.
			p.Info = append(p.Info, strings.TrimSpace("FEFO "+f.Lot+" "+f.Expiry))
			p.Suggest, fefoAt = f.Lot, f.Location
		} else if prod.Tracking == inventory.TrackLot {
			// A serialised product may have no lots at all: only a
			// lot-tracked one lacks something here.
			p.Info = append(p.Info, "No pickable lot in stock")
		}
	}
	from := pk.from
	if from == "" {
		from = line.From
	}
	if from == "" && s.item.GTIN == "" {
		// The list names no place: say where to go — the FEFO lot's
		// place, else where most of the product (and listed lot) is.
		from = fefoAt
		if from == "" {
			gtin := prod.GTIN
			if gtin == "" {
				gtin = line.GTIN
			}
			from = fromSuggest(cat, gtin, line.Lot, pk.drop, nil)
		}
	}
	if from != "" {
		p.Info = append(p.Info, "From "+from+" → "+pk.drop)
	}
	if pk.override != "" {
		p.Info = append(p.Info, "Override: "+pk.override)
	}
	switch s.st {
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan ITEM", fmt.Sprintf("%d × %s", rem, short(prod))
		if prod.GTIN == "" {
			p.Why = fmt.Sprintf("%d × %s", rem, line.GTIN)
		}
		p.Suggest = ""
	case stLot:
		// The scan verifies the lot taken, so Enter offers none: the Why
		// names the lot to look for.
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", "verify the lot you take"
		switch {
		case line.Lot != "" && !blocked:
			p.Why = "verify: scan lot " + line.Lot
		case p.Suggest != "":
			p.Why = "verify: scan lot " + p.Suggest
		}
		p.Suggest = ""
	case stOverride:
		p.Want, p.Text, p.Why = WantChoice, "Why lot "+s.lot+"?", "list says "+line.Lot
		p.Choices = append([]Choice(nil), reasons(cat).choices...)
		p.Suggest = ""
	case stFrom:
		p.Want, p.Text, p.Why = WantLocation, "Scan FROM location", "lot is in several places"
		p.Suggest = fromSuggest(cat, s.item.GTIN, s.lot, pk.drop, nil)
	case stQty:
		avail, _ := stockAt(cat, pk.from, s.item.GTIN, s.lot)
		p.Want, p.Text = WantQty, "Key QTY"
		p.Suggest = fmt.Sprint(min(rem, avail))
		p.Why = fmt.Sprintf("%d needed, Enter = %s", rem, p.Suggest)
	case stSerial:
		p.Want, p.Text, p.Why, p.Suggest = WantSerial, "Scan SERIAL", fmt.Sprintf("%d more on this line", rem), ""
	}
	return p
}

// dropSuggest is the drop location Enter takes: the first staging
// location (in the warehouse of near when it has one), "" when the
// catalog cannot list them.
func dropSuggest(cat Catalog, near string) string {
	src, ok := unmemo(cat).(LocationLister)
	if !ok {
		return ""
	}
	stg, err := src.LocationsOfKind(inventory.LocStaging)
	if err != nil || len(stg) == 0 {
		return ""
	}
	if l, err := cat.Location(near); err == nil {
		for _, x := range stg {
			if x.Warehouse == l.Warehouse {
				return x.Code
			}
		}
	}
	return stg[0].Code
}
