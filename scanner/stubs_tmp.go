package scanner

import (
	"context"
	"errors"
)

// PortInfo describes a serial port found on the system.
type PortInfo struct {
	Name         string // device path, e.g. /dev/ttyACM0
	IsUSB        bool
	VID, PID     string // lower-case hex when IsUSB
	SerialNumber string
	Product      string
}

type todoSource struct{ name string }

func (t todoSource) Name() string { return t.name }
func (t todoSource) Run(ctx context.Context, emit func(Event)) error {
	return errors.New(t.name + ": not implemented yet")
}

func newSerialSource(s Spec, opt Options) Source          { return todoSource{"serial"} }
func newEvdevSource(s Spec, opt Options) (Source, error) { return todoSource{"evdev"}, nil }
func newImageSource(path string, opt Options) Source     { return todoSource{"image"} }
