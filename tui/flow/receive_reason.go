package flow

import (
	"fmt"
	"strings"
)

// Receiving a lot already past its expiry is an override too: with
// reason codes the operator says why before the receipt goes on.

// addOverride appends a reason code to those the item already has (an
// expired lot that is also over-received carries both, comma-separated).
func (rc *receiving) addOverride(code string) {
	if rc.override == "" {
		rc.override = code
		return
	}
	if !strings.Contains(","+rc.override+",", ","+code+",") {
		rc.override += "," + code
	}
}

// askExpired stops a receipt of an expired lot for a reason, on a
// terminal with reason codes and a person to ask; asked is false when
// the receipt goes on.
func (rc *receiving) askExpired(s *State, cat Catalog, in Input, v Verdict) (Verdict, bool) {
	t := s.today(in)
	if s.expiry == "" || t == "" || s.expiry >= t || rc.expiredOK || s.ctx.Unattended || !reasons(cat).master {
		return v, false
	}
	s.st = stOverride
	if strings.Contains(v.Reason, "already past") { // readExpiry said it
		v.Reason += ": key the reason to receive it"
		return v, true
	}
	return worse(v, warnf("Lot expired on %s: key the reason to receive it", s.expiry)), true
}

// takeExpiredReason takes the reason for receiving an expired lot.
func (rc *receiving) takeExpiredReason(s *State, cat Catalog, in Input) (Verdict, bool) {
	rl := reasons(cat)
	code, label, ok := rl.pick(in)
	if !ok {
		return errorf("Key %s: why receive a lot expired on %s? Or Esc", rl.keys(), s.expiry), false
	}
	rc.expiredOK = true
	rc.addOverride(code)
	return warnf("Expired lot: %s", label), true
}

// expiredPrompt asks why an expired lot is received.
func (rc *receiving) expiredPrompt(s State, cat Catalog, p Prompt) Prompt {
	p.Want, p.Text, p.Why = WantChoice, "Why receive expired?", "expired "+s.expiry
	p.Choices = append([]Choice(nil), reasons(cat).choices...)
	return p
}

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
	rc.confirmed = true
	rc.addOverride(code)
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
