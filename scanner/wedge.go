package scanner

import (
	"strings"
	"time"
)

// Keyboard-wedge scanners type their data into the terminal like a very
// fast person. The Wedge tells the two apart by timing: keys arriving
// closer together than WedgeConfig.MaxGap form a burst; a burst of at
// least MinLen characters ending in the suffix key is one Scan; anything
// else is handed back, in order, as the keys that were typed.
//
// The caller (the TUI) translates its key messages into Key values, keeps
// its own message in Key.Raw, and feeds them with their arrival time:
//
//	res := w.Key(scanner.Key{Kind: scanner.KeyRune, Text: "a", Raw: msg}, now)
//	for _, k := range res.Keys { /* handle k.Raw as a normal key */ }
//	for _, s := range res.Scans { /* handle s as a scan */ }
//	if at, ok := w.Deadline(); ok { /* schedule w.Flush(at) (tea.Tick) */ }
//
// Keys of a possible burst are held back until they are known to be typed
// (the gap passed: Flush, or a slow next key) — at most MaxGap of delay,
// which a person does not notice. Bracketed paste is one scan: Paste.

// KeyKind classifies a key press for the Wedge.
type KeyKind int

const (
	// KeyRune is printable text (Key.Text).
	KeyRune KeyKind = iota
	// KeyEnter is Enter / Return (Ctrl+M, Ctrl+J).
	KeyEnter
	// KeyTab is Tab (Ctrl+I).
	KeyTab
	// KeyGS is Ctrl+] (ASCII 0x1D), how wedge scanners type FNC1.
	KeyGS
	// KeyOther is any other key (arrows, F-keys, Esc, Ctrl+letters): it
	// ends a burst and is handed back at once.
	KeyOther
)

// Key is one key press as the Wedge sees it.
type Key struct {
	Kind KeyKind
	// Text is the typed text for KeyRune (usually one character).
	Text string
	// Raw is the caller's original message, handed back untouched in
	// Result.Keys.
	Raw any
}

// Result is what one Wedge call produced: keys to handle as typed (in
// order) and completed scans. Keys released by a call come before its
// scans when both are present.
type Result struct {
	Keys  []Key
	Scans []Scan
}

// WedgeConfig tunes the Wedge; the zero value gives the defaults.
type WedgeConfig struct {
	// MaxGap is the longest pause between two keys of a burst. Scanners
	// type 100–400 keys/s (2.5–10 ms apart); terminals and SSH add jitter;
	// people rarely type two keys within 35 ms. 0 = DefaultWedgeGap.
	MaxGap time.Duration
	// MinLen is the fewest characters (before the suffix) a burst needs to
	// be a scan; shorter fast bursts (key rollover) are typing. 0 = 4.
	MinLen int
	// Suffix is the key that ends a scan: KeyEnter (default) or KeyTab.
	Suffix KeyKind
	// NoSuffix accepts a fast burst of at least MinLen characters that
	// just stops (for scanners configured without a suffix); the scan is
	// then released by Flush after MaxGap.
	NoSuffix bool
	// GS is text the scanner types for FNC1 instead of Ctrl+] (e.g. "~"
	// or "<GS>"); it is replaced by 0x1D in scans. "" = Ctrl+] only.
	GS string
	// AIM is whether to split a leading "]Xm" identifier off scans.
	AIM AIMMode
	// Source names the scans (default "wedge").
	Source string
}

// DefaultWedgeGap is the default WedgeConfig.MaxGap.
const DefaultWedgeGap = 35 * time.Millisecond

// Wedge assembles scans from key presses. It is not safe for concurrent
// use: call it from the TUI's Update only.
type Wedge struct {
	cfg  WedgeConfig
	held []Key
	last time.Time
}

// NewWedge returns a Wedge with cfg's zero fields set to the defaults.
func NewWedge(cfg WedgeConfig) *Wedge {
	if cfg.MaxGap <= 0 {
		cfg.MaxGap = DefaultWedgeGap
	}
	if cfg.MinLen <= 0 {
		cfg.MinLen = 4
	}
	if cfg.Suffix != KeyTab {
		cfg.Suffix = KeyEnter
	}
	if cfg.Source == "" {
		cfg.Source = "wedge"
	}
	return &Wedge{cfg: cfg}
}

// Config returns the configuration in use, defaults filled in.
func (w *Wedge) Config() WedgeConfig { return w.cfg }

// Key feeds one key press that arrived at at.
func (w *Wedge) Key(k Key, at time.Time) Result {
	var res Result
	// A slow key ends whatever was held: it was typed, or a suffix-less
	// scan if that is allowed.
	if len(w.held) > 0 && at.Sub(w.last) > w.cfg.MaxGap {
		w.release(&res, w.last)
	}
	w.last = at
	switch k.Kind {
	case KeyOther:
		w.releaseKeys(&res)
		res.Keys = append(res.Keys, k)
		return res
	case w.cfg.Suffix:
		if w.chars() >= w.cfg.MinLen {
			res.Scans = append(res.Scans, w.scan(at))
			w.held = w.held[:0]
			return res
		}
		w.releaseKeys(&res)
		res.Keys = append(res.Keys, k)
		return res
	case KeyRune, KeyGS, KeyEnter, KeyTab:
		if k.Kind == KeyEnter || k.Kind == KeyTab { // the non-suffix one
			w.releaseKeys(&res)
			res.Keys = append(res.Keys, k)
			return res
		}
		w.held = append(w.held, k)
		return res
	default:
		w.releaseKeys(&res)
		res.Keys = append(res.Keys, k)
		return res
	}
}

// Paste is bracketed-paste text: one scan (trailing CR/LF trimmed; GS and
// the configured substitute kept as 0x1D). Held keys are released first.
// Empty text yields nothing.
func (w *Wedge) Paste(text string, at time.Time) Result {
	var res Result
	if len(w.held) > 0 {
		w.release(&res, w.last)
	}
	text = strings.TrimRight(text, "\r\n")
	if text == "" {
		return res
	}
	res.Scans = append(res.Scans, w.makeScan(text, at))
	return res
}

// Deadline is when Flush must be called if no other key arrives before,
// and whether anything is held at all.
func (w *Wedge) Deadline() (time.Time, bool) {
	if len(w.held) == 0 {
		return time.Time{}, false
	}
	return w.last.Add(w.cfg.MaxGap), true
}

// Flush releases held keys if MaxGap has passed since the last key at
// time at (a late timer is harmless; an early one does nothing).
func (w *Wedge) Flush(at time.Time) Result {
	var res Result
	if len(w.held) > 0 && at.Sub(w.last) >= w.cfg.MaxGap {
		w.release(&res, w.last)
	}
	return res
}

// release ends the held burst without a suffix.
func (w *Wedge) release(res *Result, at time.Time) {
	if w.cfg.NoSuffix && w.chars() >= w.cfg.MinLen {
		res.Scans = append(res.Scans, w.scan(at))
		w.held = w.held[:0]
		return
	}
	w.releaseKeys(res)
}

func (w *Wedge) releaseKeys(res *Result) {
	res.Keys = append(res.Keys, w.held...)
	w.held = w.held[:0]
}

func (w *Wedge) chars() int {
	n := 0
	for _, k := range w.held {
		if k.Kind == KeyGS {
			n++
		} else {
			n += len([]rune(k.Text))
		}
	}
	return n
}

func (w *Wedge) scan(at time.Time) Scan {
	var b strings.Builder
	for _, k := range w.held {
		if k.Kind == KeyGS {
			b.WriteByte(GS)
		} else {
			b.WriteString(k.Text)
		}
	}
	return w.makeScan(b.String(), at)
}

func (w *Wedge) makeScan(text string, at time.Time) Scan {
	if w.cfg.GS != "" {
		text = strings.ReplaceAll(text, w.cfg.GS, string(rune(GS)))
	}
	s := Scan{Data: []byte(text), Source: w.cfg.Source, At: at}
	if w.cfg.AIM == AIMAuto {
		if aim, ok := splitAIM(s.Data); ok {
			s.AIM, s.Data = aim, s.Data[3:]
		}
	}
	return s
}
