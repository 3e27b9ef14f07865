package flow

import (
	"errors"
	"fmt"

	"github.com/scanterm/scanterm/scanner/gs1"
)

// Verdicts: the engine's judgement of an input, in plain words for the
// operator.

// errorf, warnf and okf build verdicts.
func errorf(format string, a ...any) Verdict {
	return Verdict{Level: Error, Reason: fmt.Sprintf(format, a...)}
}

func warnf(format string, a ...any) Verdict {
	return Verdict{Level: Warning, Reason: fmt.Sprintf(format, a...)}
}

func okf(format string, a ...any) Verdict {
	return Verdict{Level: OK, Reason: fmt.Sprintf(format, a...)}
}

// worse keeps the more severe of two verdicts, joining their reasons.
func worse(a, b Verdict) Verdict {
	if b.Level == None || b.Reason == "" && b.Level <= a.Level {
		return a
	}
	if a.Level == None || a.Reason == "" {
		return b
	}
	lvl := a.Level
	if b.Level > lvl {
		lvl = b.Level
	}
	if b.Level > a.Level {
		return Verdict{Level: lvl, Reason: b.Reason + ". " + a.Reason}
	}
	return Verdict{Level: lvl, Reason: a.Reason + ". " + b.Reason}
}

// alongside is the verdict of a step that went on to record at once (a
// fixed destination): the record's, plus the earlier step's only when that
// one warned. "3 units → A-03 (SAL500 Lot S26-002)" already names what
// "3 × SAL500 Lot S26-002" said.
func alongside(rec, earlier Verdict) Verdict {
	if earlier.Level <= OK {
		return rec
	}
	return worse(rec, earlier)
}

// lookupErr turns a catalog error into a verdict.
func lookupErr(err error, what string) Verdict {
	if errors.Is(err, ErrNotFound) {
		return errorf("No %s on this terminal (not synced yet?)", what)
	}
	return errorf("Cannot read %s: %v", what, err)
}

// unreadable refuses a malformed GS1 barcode, what to do first: the
// verdict area of a small screen shows about three lines. A *gs1.Error's
// own message is for the operator; its "gs1:" prefix and byte offset are
// for programmers and are left out.
func unreadable(err error) Verdict {
	msg := err.Error()
	var ge *gs1.Error
	if errors.As(err, &ge) && ge.Message != "" {
		msg = ge.Message
	}
	return errorf("Unreadable barcode, rescan: %s", msg)
}
