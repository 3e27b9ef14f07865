package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"go.bug.st/serial"
)

// Sentinels for device problems, matched with errors.Is on the errors Run
// returns (with FailFast) or reports in Status.Err.
var (
	ErrNotFound   = errors.New("device not found")
	ErrPermission = errors.New("permission denied")
	ErrBusy       = errors.New("device busy")
	ErrNotDevice  = errors.New("not a scanner device")
)

// DeviceError is a failure to open or read a device, with advice.
type DeviceError struct {
	Path string
	Kind error // one of the sentinels above, or nil
	Hint string
	Err  error
}

func (e *DeviceError) Error() string {
	msg := fmt.Sprintf("%s: %v", e.Path, e.Err)
	if e.Kind != nil {
		msg = fmt.Sprintf("%s: %v", e.Path, e.Kind)
	}
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// Unwrap exposes both the sentinel and the cause.
func (e *DeviceError) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// classifyOpen turns an open error into a DeviceError saying what to do.
// group is the Unix group that grants access ("dialout", "input").
func classifyOpen(path, group, kindName string, err error) error {
	if err == nil {
		return nil
	}
	de := &DeviceError{Path: path, Err: err}
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.PortBusy:
			de.Kind = ErrBusy
		case serial.PermissionDenied:
			de.Kind = ErrPermission
		case serial.PortNotFound:
			de.Kind = ErrNotFound
		case serial.InvalidSerialPort:
			de.Kind = ErrNotDevice
		}
	}
	switch {
	case de.Kind != nil:
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.ENXIO):
		de.Kind = ErrNotFound
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EPERM):
		de.Kind = ErrPermission
	case errors.Is(err, syscall.EBUSY):
		de.Kind = ErrBusy
	case errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EINVAL):
		de.Kind = ErrNotDevice
	}
	switch de.Kind {
	case ErrNotFound:
		de.Hint = "is the scanner plugged in and the path right? (scanterm scan --list shows serial ports; HID scanners are under /dev/input/by-id)"
	case ErrPermission:
		de.Hint = fmt.Sprintf("join the %q group (sudo usermod -aG %s $USER, then log in again) or run with access to the device", group, group)
	case ErrBusy:
		de.Hint = fmt.Sprintf("another program has the %s open (find it with: fuser -v %s)", kindName, path)
	case ErrNotDevice:
		de.Hint = fmt.Sprintf("this is not a %s", kindName)
	}
	return de
}
