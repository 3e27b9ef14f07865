package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.bug.st/serial"
	"go.bug.st/serial/enumerator"
)

// PortInfo describes a serial port found on the system.
type PortInfo struct {
	Name         string // device path, e.g. /dev/ttyACM0
	IsUSB        bool
	VID, PID     string // lower-case hex when IsUSB
	SerialNumber string
	Product      string
}

// ListPorts lists the system's serial ports with their USB ids.
func ListPorts() ([]PortInfo, error) {
	ports, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	out := make([]PortInfo, 0, len(ports))
	for _, p := range ports {
		out = append(out, PortInfo{Name: p.Name, IsUSB: p.IsUSB, VID: strings.ToLower(p.VID),
			PID: strings.ToLower(p.PID), SerialNumber: p.SerialNumber, Product: p.Product})
	}
	return out, nil
}

// serialSource reads a serial port, reopening it after an unplug.
type serialSource struct {
	spec Spec
	opt  Options
	mode serial.Mode
}

func newSerialSource(s Spec, opt Options) *serialSource {
	m := serial.Mode{BaudRate: s.Baud, DataBits: s.DataBits}
	switch s.Parity {
	case "odd":
		m.Parity = serial.OddParity
	case "even":
		m.Parity = serial.EvenParity
	case "mark":
		m.Parity = serial.MarkParity
	case "space":
		m.Parity = serial.SpaceParity
	}
	switch s.StopBits {
	case "1.5":
		m.StopBits = serial.OnePointFiveStopBits
	case "2":
		m.StopBits = serial.TwoStopBits
	}
	return &serialSource{spec: s, opt: opt, mode: m}
}

func (s *serialSource) Name() string {
	if s.spec.USB != nil {
		return "usb:" + s.spec.USB.String()
	}
	return s.spec.Path
}

// resolve finds the device path, by USB id if the spec says so; a replug
// may give the scanner a different ttyACMn, so this runs on every attempt.
func (s *serialSource) resolve() (string, error) {
	if s.spec.USB == nil {
		return s.spec.Path, nil
	}
	list := s.opt.Ports
	if list == nil {
		list = ListPorts
	}
	ports, err := list()
	if err != nil {
		return s.Name(), err
	}
	u := s.spec.USB
	for _, p := range ports {
		if p.IsUSB && strings.EqualFold(p.VID, u.VID) && strings.EqualFold(p.PID, u.PID) &&
			(u.SerialNumber == "" || p.SerialNumber == u.SerialNumber) {
			return p.Name, nil
		}
	}
	return s.Name(), &DeviceError{Path: s.Name(), Kind: ErrNotFound,
		Hint: "no serial port with this USB id is plugged in (scanterm scan --list shows ports)",
		Err:  errors.New("no such USB serial port")}
}

func (s *serialSource) open() (serial.Port, string, error) {
	path, err := s.resolve()
	if err != nil {
		return nil, path, err
	}
	p, err := serial.Open(path, &s.mode)
	if err != nil {
		return nil, path, classifyOpen(path, "dialout", "serial port", err)
	}
	return p, path, nil
}

func (s *serialSource) Run(ctx context.Context, emit func(Event)) error {
	return reconnectLoop(ctx, s.Name(), s.opt, emit, func(ctx context.Context) (frameReader, error) {
		p, path, err := s.open()
		if err != nil {
			return nil, err
		}
		return &serialReader{port: p, path: path}, nil
	}, s.spec.Frame)
}

// serialReader adapts a serial.Port to frameReader.
type serialReader struct {
	port serial.Port
	path string
}

func (r *serialReader) ReadTimeout(p []byte, d time.Duration) (int, error) {
	if d <= 0 {
		d = serial.NoTimeout
	}
	if err := r.port.SetReadTimeout(d); err != nil {
		return 0, fmt.Errorf("read %s: %w", r.path, err)
	}
	n, err := r.port.Read(p)
	if err != nil {
		return n, fmt.Errorf("read %s: %w", r.path, err)
	}
	return n, nil
}

func (r *serialReader) Close() error { return r.port.Close() }
