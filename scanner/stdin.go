package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// readerSource reads one scan per line from a reader (stdin, scripts).
type readerSource struct {
	name string
	r    io.Reader
	fc   FrameConfig
	opt  Options
}

// NewReaderSource returns a source that yields one scan per line of r
// (CR, LF or CRLF ends a line; empty lines are skipped). It ends when r
// does. Lines longer than the frame limit are reported and skipped.
func NewReaderSource(name string, r io.Reader, opt Options) Source {
	return newReaderSource(name, r, FrameConfig{SuffixAnyEOL: true}, opt)
}

func newReaderSource(name string, r io.Reader, fc FrameConfig, opt Options) *readerSource {
	fc.SuffixAnyEOL, fc.Suffix, fc.Gap = true, nil, 0
	return &readerSource{name: name, r: r, fc: fc, opt: opt}
}

func (s *readerSource) Name() string { return s.name }

// Run reads until EOF (returns nil, after delivering a last line without
// a newline) or until ctx is done. A blocked read of a terminal cannot be
// interrupted: Run then returns on ctx but the read goroutine lingers
// until the next line, which is harmless for a process about to exit.
func (s *readerSource) Run(ctx context.Context, emit func(Event)) error {
	r := s.r
	if r == nil {
		r = s.opt.Stdin
	}
	if r == nil {
		r = os.Stdin
	}
	type chunk struct {
		b   []byte
		err error
	}
	ch := make(chan chunk)
	done := make(chan struct{})
	defer close(done)
	go func() {
		br := bufio.NewReaderSize(r, 4096)
		for {
			buf := make([]byte, 4096)
			n, err := br.Read(buf)
			select {
			case ch <- chunk{buf[:n], err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	f := NewFramer(s.fc)
	emit(Event{Status: &Status{Source: s.name, Connected: true}})
	for {
		select {
		case <-ctx.Done():
			return nil
		case c := <-ch:
			at := s.opt.now()
			deliver(s.name, f.Feed(c.b, at), f.Config().Max, emit)
			if c.err != nil {
				// A last line without newline is still a whole line.
				deliver(s.name, f.Feed([]byte{'\n'}, at), f.Config().Max, emit)
				if errors.Is(c.err, io.EOF) {
					return nil
				}
				return fmt.Errorf("read %s: %w", s.name, c.err)
			}
		}
	}
}

// deliver turns frames into events.
func deliver(source string, frames []Frame, max int, emit func(Event)) {
	for _, fr := range frames {
		if fr.Overflow > 0 {
			emit(Event{Status: &Status{Source: source, Connected: true,
				Err: &OverflowError{Max: max, Dropped: fr.Overflow, Head: fr.Data}}})
			continue
		}
		emit(Event{Scan: &Scan{Data: fr.Data, AIM: fr.AIM, Source: source, At: fr.At}})
	}
}
