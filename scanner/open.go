package scanner

import (
	"fmt"
)

// Open returns the source a spec names (grammar in SpecSyntax):
//
//	serial:/dev/ttyACM0?baud=115200&suffix=cr&aim=1
//	serial:usb=05e0:1200?suffix=crlf
//	evdev:/dev/input/by-id/usb-Zebra_Scanner-event-kbd
//	stdin
//	image:label.png
//
// Open only parses and checks the spec; devices are opened by Run, which
// also reopens them after an unplug.
func Open(spec string, opt Options) (Source, error) {
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return OpenSpec(s, opt)
}

// OpenSpec is Open for an already parsed spec.
func OpenSpec(s Spec, opt Options) (Source, error) {
	switch s.Kind {
	case "serial":
		return newSerialSource(s, opt), nil
	case "evdev":
		return newEvdevSource(s, opt)
	case "stdin":
		return newReaderSource("stdin", nil, s.Frame, opt), nil
	case "image":
		return newImageSource(s.Path, opt), nil
	}
	return nil, fmt.Errorf("%w: unknown source kind %q", ErrSpec, s.Kind)
}
