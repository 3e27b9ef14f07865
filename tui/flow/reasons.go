package flow

import (
	"strconv"

	"github.com/scanterm/scanterm/inventory"
)

// Override reasons: where the terminal lets a person overrule a rule
// (another lot than the pick list's, an over-receipt), the operator picks
// a reason from a short numbered list and the event records its code in
// Event.Override, beside the operator who chose it. The reasons are
// master data (imported at the hub, pulled like products). A terminal
// that holds none yet offers the pick override's built-in reasons and
// records their words, as before reason codes existed, and confirms an
// over-receipt with Enter alone.

// ReasonSource is what a Catalog may also offer: the active override
// reason codes, in the order to offer them.
type ReasonSource interface {
	OverrideReasons() ([]inventory.Reason, error)
}

// overrideReasons are the pick override's reasons on a terminal that
// holds no reason codes; the chosen label is recorded in Event.Override.
var overrideReasons = []Choice{
	{Key: "1", Label: "listed lot not found"},
	{Key: "2", Label: "listed lot damaged"},
	{Key: "3", Label: "supervisor instruction"},
}

// maxReasons is how many reasons the list offers: one keypad digit each.
const maxReasons = 9

// reasonList is what an override offers: the numbered choices and, by
// key, the code each records. master is false when the catalog holds no
// reason codes and the built-in pick reasons stand in.
type reasonList struct {
	choices []Choice
	codes   map[string]string
	master  bool
}

// reasons reads the override reasons the catalog holds.
func reasons(cat Catalog) reasonList {
	if src, ok := unmemo(cat).(ReasonSource); ok {
		if rs, err := src.OverrideReasons(); err == nil && len(rs) > 0 {
			l := reasonList{codes: map[string]string{}, master: true}
			for _, r := range rs {
				if len(l.choices) == maxReasons {
					break
				}
				k := strconv.Itoa(len(l.choices) + 1)
				l.choices = append(l.choices, Choice{Key: k, Label: r.Label})
				l.codes[k] = r.Code
			}
			return l
		}
	}
	l := reasonList{choices: overrideReasons, codes: map[string]string{}}
	for _, c := range overrideReasons {
		l.codes[c.Key] = c.Label
	}
	return l
}

// pick reads the operator's choice: the code to record and its label.
func (l reasonList) pick(in Input) (code, label string, ok bool) {
	if in.Cmd != CmdNone {
		return "", "", false
	}
	k := text(in)
	for _, c := range l.choices {
		// A reason code may also be scanned (a card of reason barcodes).
		if c.Key == k || (l.master && l.codes[c.Key] == k) {
			return l.codes[c.Key], c.Label, true
		}
	}
	return "", "", false
}

// keys is "1-3" (or "1" for one), for "Key 1-3 for the reason".
func (l reasonList) keys() string {
	if len(l.choices) == 1 {
		return "1"
	}
	return "1-" + strconv.Itoa(len(l.choices))
}
