package flow

import (
	"errors"
	"strings"
	"time"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// Unknown Application Identifiers: a label printed after this build's
// GS1 dictionary may carry an AI it does not know. Such a scan is read
// again with gs1.Options.TolerateUnknown: every AI that can be delimited
// is kept, the unknown ones are listed in Input.Unknown, and the scan is
// usable wherever the AIs the step needs are present. Raw keeps the whole
// scan, so the recorded event carries the unknown element too. A
// malformed known AI is still refused.

// tolerant reads raw again keeping unknown AIs, when strict parsing
// refused it for one and raw marks itself as GS1 (a bare code that only
// looks like an element string stays a plain code). ok is false when
// nothing is to be tried; the returned options carry the tolerance on to
// any further reading of raw (a lot label read under a placeholder GTIN).
func tolerant(raw string, err error, at time.Time, opt *gs1.Options) (gs1.Message, error, *gs1.Options, bool) {
	if !errors.Is(err, gs1.ErrUnknownAI) || (opt != nil && opt.TolerateUnknown) || !gs1Marked(raw, opt) {
		return gs1.Message{}, err, opt, false
	}
	o := gs1.Options{}
	if opt != nil {
		o = *opt
	}
	o.TolerateUnknown = true
	if !at.IsZero() {
		o.Now = func() time.Time { return at }
	}
	m, err := gs1.Parse(raw, &o)
	return m, err, &o, true
}

// unknownNote marks a verdict on a scan that carried unknown AIs: the
// scan was used for what it has, and the operator learns what was not
// read (a warning, so a fixed station reports it too).
func unknownNote(in Input, v Verdict) Verdict {
	if len(in.Unknown) == 0 || v.Level == Error || v.Level == None {
		return v
	}
	n := warnf("unknown AI (%s) kept in the scan", strings.Join(in.Unknown, ")("))
	if v.Reason == "" {
		return n
	}
	return Verdict{Level: max(v.Level, Warning), Reason: v.Reason + "; " + n.Reason}
}
