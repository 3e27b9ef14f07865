package flow

import "fmt"

// prompt shows the PO, or the item in hand with its PO line, and asks for
// what the item still lacks.
func (rc *receiving) prompt(s State, cat Catalog) Prompt {
	p := Prompt{}
	if s.st == stDoc {
		return Prompt{Want: WantDoc, Text: "Scan PO number", Why: "receiving against a PO"}
	}
	var info []string
	if s.item.GTIN != "" {
		info = append(info, short(s.item)+" "+s.item.Name)
		if line, rem, err := rc.poLine(s, cat); err == nil {
			info = append(info, fmt.Sprintf("Line %d: %d of %d received", line.Line, line.Qty-rem, line.Qty))
		}
		if t := lotText(s.lot, s.expiry); t != "" {
			info = append(info, t)
		}
	} else {
		info = append(info, "PO "+rc.doc)
		if rc.complete(s, cat) {
			info = append(info, "All lines received")
		}
		if s.pendLot != "" || s.pendExp != "" {
			info = append(info, "Noted: "+lotText(s.pendLot, s.pendExp))
		}
	}
	p.Info = info
	switch s.st {
	case stItem:
		p.Want, p.Text, p.Why = WantItem, "Scan ITEM", "next item of PO "+rc.doc
	case stLot:
		p.Want, p.Text, p.Why = WantLot, "Scan LOT", short(s.item)+" is lot-tracked"
	case stExpiry:
		p.Want, p.Text, p.Why = WantExpiry, "Key EXPIRY YYMMDD", "not on the label, required"
	case stQty:
		p.Want, p.Text, p.Why = WantQty, "Key QTY", "how many arrived"
		if _, rem, err := rc.poLine(s, cat); err == nil && rem > 0 {
			p.Suggest = fmt.Sprint(rem)
			p.Why = fmt.Sprintf("%d expected, Enter = all", rem)
		}
	case stOverride:
		p = rc.expiredPrompt(s, cat, p)
	case stConfirm:
		p.Want, p.Text, p.Why = WantConfirm, fmt.Sprintf("Enter: confirm %d", s.qty), "more than the PO expects"
		p = rc.overPrompt(s, cat, p)
	case stSerial:
		_, rem, _ := rc.poLine(s, cat)
		p.Want, p.Text = WantSerial, fmt.Sprintf("Scan SERIAL %d of %d", len(s.serials)+1, rem)
		p.Why = "one scan per unit"
		if int64(len(s.serials)) >= rem {
			p.Text = fmt.Sprintf("Scan SERIAL %d", len(s.serials)+1)
			p.Why = "over what the PO expects"
		}
		if len(s.serials) > 0 {
			p.Why = "or scan location to finish"
		}
	case stTo:
		p.Want, p.Text, p.Why, p.Suggest = WantLocation, "Scan LOCATION", "where the goods go", rc.suggestTo(s, cat)
		if p.Suggest != "" {
			p.Why = "Enter = " + p.Suggest
		}
		if st, blocked := lotHeld(cat, s.item.GTIN, s.lot, s.expiry, s.day()); blocked {
			p.Why = "lot " + st + ": quarantine"
			if p.Suggest != "" {
				p.Why = "lot " + st + ": Enter = " + p.Suggest
			}
		}
	}
	return p
}
