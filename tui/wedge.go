package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/scanterm/scanterm/scanner"
)

// wedgeOutput is what the assembler releases after a key press, a paste
// or a flush: keys a person typed, in order, then assembled scans.
type wedgeOutput struct {
	keys  []tea.KeyPressMsg
	scans []ScanMsg
}

// wedgeInput adapts Bubble Tea key presses to scanner.Wedge, which tells a
// wedge scanner's burst from a person's typing by timing.
type wedgeInput struct {
	w *scanner.Wedge
}

func newWedgeInput(cfg scanner.WedgeConfig) *wedgeInput {
	return &wedgeInput{w: scanner.NewWedge(cfg)}
}

// kindOf classifies a key press for the assembler.
func kindOf(k tea.KeyPressMsg) scanner.KeyKind {
	switch k.String() {
	case "enter", "ctrl+m", "ctrl+j":
		return scanner.KeyEnter
	case "tab", "ctrl+i":
		return scanner.KeyTab
	case "ctrl+]":
		return scanner.KeyGS
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper) == 0 {
		return scanner.KeyRune
	}
	return scanner.KeyOther
}

func (w *wedgeInput) key(k tea.KeyPressMsg, at time.Time) wedgeOutput {
	return convert(w.w.Key(scanner.Key{Kind: kindOf(k), Text: k.Text, Raw: k}, at))
}

func (w *wedgeInput) paste(text string, at time.Time) wedgeOutput {
	return convert(w.w.Paste(text, at))
}

func (w *wedgeInput) flush(at time.Time) wedgeOutput { return convert(w.w.Flush(at)) }

// deadline is when held keys must be flushed, if any are held.
func (w *wedgeInput) deadline() (time.Time, bool) { return w.w.Deadline() }

// holding reports keys held back as a possible burst.
func (w *wedgeInput) holding() bool {
	_, ok := w.w.Deadline()
	return ok
}

func convert(r scanner.Result) wedgeOutput {
	var out wedgeOutput
	for _, k := range r.Keys {
		if m, ok := k.Raw.(tea.KeyPressMsg); ok {
			out.keys = append(out.keys, m)
		}
	}
	for _, s := range r.Scans {
		out.scans = append(out.scans, FromScan(s))
	}
	return out
}

// FromScan is a scanner's scan as the TUI's message.
func FromScan(s scanner.Scan) ScanMsg {
	return ScanMsg{Text: s.Text(), Source: s.Source, At: s.At}
}

// FromEvent turns a scanner source's event into the message the App
// takes: a ScanMsg or a ScannerMsg.
func FromEvent(ev scanner.Event) tea.Msg {
	if ev.Scan != nil {
		return FromScan(*ev.Scan)
	}
	if ev.Status != nil {
		return ScannerMsg{Source: ev.Status.Source, Connected: ev.Status.Connected, Err: ev.Status.Err}
	}
	return nil
}
