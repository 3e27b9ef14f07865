//go:build linux

package scanner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/scanterm/scanterm/scanner/evdev"
)

// ioctl numbers from linux/input.h: _IOR('E', 0x01, int), _IOW('E', 0x90, int).
const (
	eviocgversion = 0x80044501
	eviocgrab     = 0x40044590
)

// evdevSource reads a HID keyboard scanner from /dev/input/event*.
type evdevSource struct {
	spec Spec
	opt  Options
	km   evdev.Keymap
	// deviceIoctls is false only in tests that feed recorded bytes
	// through a FIFO, which has no evdev ioctls.
	deviceIoctls bool
}

func newEvdevSource(s Spec, opt Options) (Source, error) {
	km, err := evdev.LookupKeymap(s.Layout)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	return &evdevSource{spec: s, opt: opt, km: km, deviceIoctls: true}, nil
}

func (s *evdevSource) Name() string { return s.spec.Path }

func (s *evdevSource) Run(ctx context.Context, emit func(Event)) error {
	return reconnectLoop(ctx, s.Name(), s.opt, emit, s.open, s.spec.Frame)
}

func (s *evdevSource) open(ctx context.Context) (frameReader, error) {
	path := s.spec.Path
	// O_NONBLOCK puts the fd in Go's poller, so deadlines and Close
	// interrupt a pending read.
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, classifyOpen(path, "input", "input device", &os.PathError{Op: "open", Path: path, Err: err})
	}
	if s.deviceIoctls {
		if _, err := unix.IoctlGetInt(fd, eviocgversion); err != nil {
			unix.Close(fd)
			return nil, classifyOpen(path, "input", "evdev input device (/dev/input/event*)", fmt.Errorf("EVIOCGVERSION: %w", err))
		}
		if s.spec.Grab {
			// Exclusive: the scanner's keys no longer reach the console
			// or X, where they would type into whatever has focus.
			if err := unix.IoctlSetInt(fd, eviocgrab, 1); err != nil {
				unix.Close(fd)
				if errors.Is(err, unix.EBUSY) {
					return nil, &DeviceError{Path: path, Kind: ErrBusy, Err: err,
						Hint: "another program has grabbed this input device (another scanterm?)"}
				}
				return nil, classifyOpen(path, "input", "input device", fmt.Errorf("EVIOCGRAB: %w", err))
			}
		}
	}
	f := os.NewFile(uintptr(fd), path)
	return &evdevReader{f: f, dec: evdev.NewDecoder(evdev.NativeLayout(), s.km), raw: make([]byte, 64*evdev.NativeLayout().Size)}, nil
}

// evdevReader turns an input device into the byte stream it types.
type evdevReader struct {
	f   *os.File
	dec *evdev.Decoder
	raw []byte
	out []byte // typed bytes not yet returned
}

func (r *evdevReader) ReadTimeout(p []byte, d time.Duration) (int, error) {
	if len(r.out) == 0 {
		dl := time.Time{}
		if d > 0 {
			dl = time.Now().Add(d)
		}
		if err := r.f.SetReadDeadline(dl); err != nil {
			return 0, fmt.Errorf("read %s: %w", r.f.Name(), err)
		}
		n, err := r.f.Read(r.raw)
		if n > 0 {
			r.out = append(r.out, r.dec.Feed(r.raw[:n])...)
		}
		if err != nil && len(r.out) == 0 {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return 0, nil
			}
			return 0, fmt.Errorf("read %s: %w", r.f.Name(), err)
		}
		if n == 0 && err == nil {
			return 0, fmt.Errorf("read %s: device gone", r.f.Name())
		}
	}
	n := copy(p, r.out)
	r.out = r.out[n:]
	return n, nil
}

func (r *evdevReader) Close() error { return r.f.Close() }
