package scanner

import (
	"bytes"
	"fmt"
	"time"
)

// AIMMode says whether frames carry an AIM symbology identifier.
type AIMMode int

const (
	// AIMAuto splits a leading "]Xm" prefix off when there is one.
	AIMAuto AIMMode = iota
	// AIMOff keeps every byte in Data, even a leading "]".
	AIMOff
)

// FrameConfig says how a byte stream is cut into scans.
type FrameConfig struct {
	// Suffix ends a frame (e.g. "\r\n"); nil means no suffix: frames end
	// by the idle Gap only. SuffixAnyEOL overrides it.
	Suffix []byte
	// SuffixAnyEOL ends a frame at CR or LF and swallows the LF of a CRLF,
	// so a scanner configured for any of CR, LF or CRLF just works.
	SuffixAnyEOL bool
	// Gap ends a frame when no byte arrived for this long; 0 = never (a
	// suffix is then required).
	Gap time.Duration
	// AIM is whether to split an AIM prefix off.
	AIM AIMMode
	// Max is the longest frame kept; a longer one is discarded up to its
	// end and reported. 0 = DefaultMaxFrame.
	Max int
}

// DefaultMaxFrame is far above any real barcode (a full DataMatrix holds
// 3116 digits) but stops a runaway stream from growing memory.
const DefaultMaxFrame = 4096

// Frame is one framing result: a scan payload, or the report of an
// overlong frame that was discarded.
type Frame struct {
	Data []byte
	AIM  string
	// At is when the frame's last byte arrived.
	At time.Time
	// Overflow > 0 reports a discarded overlong frame: it is the number of
	// bytes dropped so far, and Data holds its first bytes for the report.
	Overflow int
}

// OverflowError describes a frame that was cut at the size limit.
type OverflowError struct {
	Max     int
	Dropped int
	Head    []byte
}

func (e *OverflowError) Error() string {
	return fmt.Sprintf("frame longer than %d bytes discarded (starts %q): check the scanner's suffix setting", e.Max, e.Head)
}

// overflowHead is how much of a discarded frame is kept for the report.
const overflowHead = 32

// Framer cuts a byte stream into frames. It is not safe for concurrent
// use; time is passed in so tests need no clock.
type Framer struct {
	cfg      FrameConfig
	buf      []byte
	last     time.Time // arrival of the last byte in buf
	skipping bool      // discarding the rest of an overlong frame
	afterCR  bool      // last frame ended with CR (AnyEOL): swallow one LF
}

// NewFramer returns a framer for cfg.
func NewFramer(cfg FrameConfig) *Framer {
	if cfg.Max <= 0 {
		cfg.Max = DefaultMaxFrame
	}
	if len(cfg.Suffix) == 0 {
		cfg.Suffix = nil
	}
	return &Framer{cfg: cfg}
}

// Config returns the framer's configuration with defaults filled in.
func (f *Framer) Config() FrameConfig { return f.cfg }

// Feed adds bytes that arrived at at and returns the frames they complete,
// in order. p is not retained.
func (f *Framer) Feed(p []byte, at time.Time) []Frame {
	var out []Frame
	if len(p) == 0 {
		return nil
	}
	// A gap since the last byte ends the pending frame before p starts,
	// even if Idle was not called in time.
	if f.cfg.Gap > 0 && !f.last.IsZero() && at.Sub(f.last) >= f.cfg.Gap {
		out = f.endByGap(out)
	}
	f.last = at
	for len(p) > 0 {
		if f.afterCR && f.cfg.SuffixAnyEOL {
			f.afterCR = false
			if p[0] == '\n' {
				p = p[1:]
				continue
			}
		}
		end, sufLen := f.findEnd(p)
		if end < 0 {
			out = f.appendData(out, p, at)
			return out
		}
		out = f.appendData(out, p[:end], at)
		if f.cfg.SuffixAnyEOL && p[end] == '\r' {
			f.afterCR = true
		}
		out = f.finish(out, at)
		p = p[end+sufLen:]
	}
	return out
}

// findEnd returns where a suffix starts in p (the suffix may have begun in
// buf: then end is negative-adjusted by trimming buf) and its length in p.
func (f *Framer) findEnd(p []byte) (end, n int) {
	if f.cfg.SuffixAnyEOL {
		i := bytes.IndexAny(p, "\r\n")
		return i, 1
	}
	s := f.cfg.Suffix
	if s == nil {
		return -1, 0
	}
	// A multi-byte suffix may straddle reads: check the tail of buf
	// joined with the head of p.
	for k := len(s) - 1; k > 0; k-- {
		if len(f.buf) >= k && len(p) >= len(s)-k &&
			bytes.Equal(f.buf[len(f.buf)-k:], s[:k]) && bytes.Equal(p[:len(s)-k], s[k:]) {
			f.buf = f.buf[:len(f.buf)-k]
			return 0, len(s) - k
		}
	}
	return bytes.Index(p, s), len(s)
}

func (f *Framer) appendData(out []Frame, p []byte, at time.Time) []Frame {
	if f.skipping {
		// Keep just enough tail to see a suffix that straddles reads.
		f.buf = append(f.buf, p...)
		if k := max(len(f.cfg.Suffix)-1, 0); len(f.buf) > k {
			f.buf = append(f.buf[:0], f.buf[len(f.buf)-k:]...)
		}
		return out
	}
	// Up to len(Suffix)-1 bytes over the limit may be the start of a
	// suffix split across reads; finish checks the real length.
	if len(f.buf)+len(p) > f.cfg.Max+max(len(f.cfg.Suffix)-1, 0) {
		all := append(f.buf, p...)
		// The head is cut to a length that does not depend on how the
		// stream was split into reads.
		head := append([]byte(nil), all[:min(overflowHead, f.cfg.Max)]...)
		out = append(out, Frame{Data: head, At: at, Overflow: len(all)})
		// Keep just enough tail to see a suffix that straddles reads.
		k := max(len(f.cfg.Suffix)-1, 0)
		f.buf = append(f.buf[:0], all[len(all)-min(k, len(all)):]...)
		f.skipping = true
		return out
	}
	f.buf = append(f.buf, p...)
	return out
}

// finish ends the current frame at a suffix.
func (f *Framer) finish(out []Frame, at time.Time) []Frame {
	return f.end(out, at)
}

// endByGap ends the current frame because the line went idle.
func (f *Framer) endByGap(out []Frame) []Frame {
	f.afterCR = false
	return f.end(out, f.last)
}

// end closes the current frame: a scan, nothing (empty, or the rest of a
// discarded overlong frame), or the report of an overlong one.
func (f *Framer) end(out []Frame, at time.Time) []Frame {
	defer func() { f.buf, f.skipping = f.buf[:0], false }()
	switch {
	case f.skipping, len(f.buf) == 0: // an empty line is not a scan
		return out
	case len(f.buf) > f.cfg.Max:
		head := append([]byte(nil), f.buf[:min(overflowHead, f.cfg.Max)]...)
		return append(out, Frame{Data: head, At: at, Overflow: len(f.buf)})
	}
	return append(out, f.frame(f.buf, at))
}

func (f *Framer) frame(b []byte, at time.Time) Frame {
	data := append([]byte(nil), b...)
	fr := Frame{Data: data, At: at}
	if f.cfg.AIM == AIMAuto {
		if aim, ok := splitAIM(data); ok {
			fr.AIM = aim
			fr.Data = data[3:]
		}
	}
	return fr
}

// Idle is called when no byte arrived until at; it returns the pending
// frame if the configured gap has passed.
func (f *Framer) Idle(at time.Time) []Frame {
	if f.cfg.Gap <= 0 || f.last.IsZero() || at.Sub(f.last) < f.cfg.Gap {
		return nil
	}
	return f.endByGap(nil)
}

// Deadline is when Idle should next be called, if a frame is pending and
// gap framing is on.
func (f *Framer) Deadline() (time.Time, bool) {
	if f.cfg.Gap <= 0 || (len(f.buf) == 0 && !f.skipping) {
		return time.Time{}, false
	}
	return f.last.Add(f.cfg.Gap), true
}

// Reset drops any partial frame (the device went away mid-frame) and
// returns how many bytes were dropped.
func (f *Framer) Reset() int {
	n := len(f.buf)
	f.buf = f.buf[:0]
	f.skipping, f.afterCR = false, false
	f.last = time.Time{}
	return n
}

// splitAIM recognises an AIM symbology identifier: ']', a symbology
// letter, and a modifier character.
func splitAIM(b []byte) (string, bool) {
	if len(b) < 3 || b[0] != ']' || !isAlpha(b[1]) || !isAlnum(b[2]) {
		return "", false
	}
	return string(b[:3]), true
}

// SplitAIM splits a leading AIM identifier off s, if any.
func SplitAIM(s string) (aim, data string) {
	if a, ok := splitAIM([]byte(s)); ok {
		return a, s[3:]
	}
	return "", s
}

func isAlpha(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }
