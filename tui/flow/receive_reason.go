package flow

import "fmt"

// An over-receipt is an override: where the terminal holds reason codes,
// the operator accepts it by choosing why (the code is recorded on the
// receipt), not by Enter alone; Esc goes back to change the quantity.

// confirmOver takes the operator's answer at the over-receipt prompt of a
// terminal with reason codes; ok is false when it holds none (Enter
// confirms, as before).
func (rc *receiving) confirmOver(s *State, cat Catalog, in Input) (v Verdict, acts bool, ok bool) {
	rl := reasons(cat)
	if !rl.master {
		return Verdict{}, false, false
	}
	code, label, picked := rl.pick(in)
	if !picked {
		return errorf("Key %s: why %d, more than the PO? Esc to change it", rl.keys(), s.qty), false, true
	}
	rc.confirmed, rc.override = true, code
	return warnf("Over-receipt: %s", label), true, true
}

// overPrompt is the over-receipt prompt of a terminal with reason codes.
func (rc *receiving) overPrompt(s State, cat Catalog, p Prompt) Prompt {
	rl := reasons(cat)
	if !rl.master {
		return p
	}
	p.Want, p.Text, p.Why = WantChoice, fmt.Sprintf("Why %d? (over PO)", s.qty), "reason, or Esc"
	p.Choices = append([]Choice(nil), rl.choices...)
	return p
}

// overAsk is what the over-receipt warning asks for.
func overAsk(cat Catalog) string {
	if reasons(cat).master {
		return ". Key the reason"
	}
	return ". Enter to accept"
}
