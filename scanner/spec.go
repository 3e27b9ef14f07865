package scanner

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Spec is a parsed source spec (see ParseSpec).
type Spec struct {
	// Kind is "serial", "evdev", "stdin" or "image".
	Kind string
	// Path is the device or file path ("" for stdin and for serial by USB id).
	Path string
	// USB selects a serial port by USB vendor and product id instead of Path.
	USB *USBID
	// Serial line settings.
	Baud     int
	DataBits int
	Parity   string // "none" | "odd" | "even" | "mark" | "space"
	StopBits string // "1" | "1.5" | "2"
	// Layout is the evdev keyboard layout ("us").
	Layout string
	// Grab takes the evdev device exclusively (EVIOCGRAB) so scans do not
	// also reach the console; on by default.
	Grab bool
	// Frame is how the byte stream is cut into scans.
	Frame FrameConfig
}

// USBID is a USB vendor:product id (4 hex digits each, lower case) and
// optionally the device's serial number, to tell identical scanners apart.
type USBID struct {
	VID, PID, SerialNumber string
}

func (u USBID) String() string {
	s := u.VID + ":" + u.PID
	if u.SerialNumber != "" {
		s += ":" + u.SerialNumber
	}
	return s
}

// ErrSpec marks a malformed source spec; errors from ParseSpec wrap it.
var ErrSpec = errors.New("bad source spec")

// SpecSyntax is the spec grammar, for help texts and error messages.
const SpecSyntax = `serial:PATH[?OPTS] | serial:usb=VID:PID[:SERIALNO][?OPTS] | evdev:PATH[?OPTS] | stdin[?OPTS] | image:FILE
  (serial:ttyACM0 means /dev/ttyACM0; evdev:NAME means /dev/input/by-id/NAME)
  OPTS (joined with &): baud=9600 data=8 parity=none|odd|even|mark|space stop=1|1.5|2
        suffix=eol|cr|lf|crlf|tab|none|0xNN (eol = CR or LF or CRLF; evdev: enter|tab)
        gap=DURATION (an idle gap ends a scan; default 50ms when suffix=none)
        aim=1|0 (split an AIM ]Xm prefix off; default 1) max=BYTES (default 4096)
        layout=us|de grab=1|0 (evdev)`

// ParseSpec parses a source spec such as
// "serial:/dev/ttyACM0?baud=115200&suffix=cr" (grammar in SpecSyntax).
func ParseSpec(spec string) (Spec, error) {
	fail := func(format string, a ...any) (Spec, error) {
		return Spec{}, fmt.Errorf("%w %q: %s (expected %s)", ErrSpec, spec, fmt.Sprintf(format, a...),
			"serial:PATH?baud=9600&suffix=crlf, serial:usb=VID:PID, evdev:PATH, stdin or image:FILE")
	}
	kind, rest, _ := strings.Cut(spec, ":")
	body, query, _ := strings.Cut(rest, "?")
	if kind == "stdin" || strings.HasPrefix(kind, "stdin?") {
		kind, query, _ = strings.Cut(spec, "?")
		if kind != "stdin" {
			return fail("unknown source kind %q", kind)
		}
		body = ""
	}
	s := Spec{Kind: kind, Path: body, Baud: 9600, DataBits: 8, Parity: "none", StopBits: "1",
		Layout: "us", Grab: true}
	s.Frame = FrameConfig{SuffixAnyEOL: true, Max: DefaultMaxFrame}
	switch kind {
	case "serial":
		if strings.HasPrefix(body, "usb=") {
			u, err := parseUSBID(strings.TrimPrefix(body, "usb="))
			if err != nil {
				return fail("%v", err)
			}
			s.USB, s.Path = &u, ""
		} else if body == "" {
			return fail("missing device path")
		} else if !strings.Contains(body, "/") {
			s.Path = "/dev/" + body // serial:ttyACM0
		}
	case "evdev":
		if body == "" {
			return fail("missing device path")
		}
		// A bare name is one of the stable names under /dev/input/by-id.
		if !strings.Contains(body, "/") {
			s.Path = "/dev/input/by-id/" + body
		}
		// HID scanners end a scan with Enter, translated to CR.
		s.Frame.SuffixAnyEOL, s.Frame.Suffix = false, []byte{'\r'}
	case "image":
		if body == "" {
			return fail("missing image file")
		}
		if query != "" {
			return fail("image sources take no options")
		}
		return s, nil
	case "stdin":
	default:
		return fail("unknown source kind %q", kind)
	}
	if strings.ContainsRune(s.Path, 0) {
		return fail("NUL in path")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return fail("options: %v", err)
	}
	gapSet, suffixNone := false, false
	for key, vals := range q {
		v := vals[len(vals)-1]
		if len(vals) > 1 {
			return fail("option %s given twice", key)
		}
		serialOnly := func() error {
			if kind != "serial" {
				return fmt.Errorf("option %s is for serial sources only", key)
			}
			return nil
		}
		var err error
		if kind == "stdin" && key != "aim" && key != "max" {
			return fail("stdin takes one scan per line: only aim and max apply")
		}
		switch key {
		case "baud":
			if err = serialOnly(); err == nil {
				s.Baud, err = strconv.Atoi(v)
				if err != nil || s.Baud < 50 || s.Baud > 4_000_000 {
					err = fmt.Errorf("baud %q is not a rate between 50 and 4000000", v)
				}
			}
		case "data":
			if err = serialOnly(); err == nil {
				s.DataBits, err = strconv.Atoi(v)
				if err != nil || s.DataBits < 5 || s.DataBits > 8 {
					err = fmt.Errorf("data bits %q must be 5, 6, 7 or 8", v)
				}
			}
		case "parity":
			if err = serialOnly(); err == nil {
				switch strings.ToLower(v) {
				case "none", "n":
					s.Parity = "none"
				case "odd", "o":
					s.Parity = "odd"
				case "even", "e":
					s.Parity = "even"
				case "mark", "m":
					s.Parity = "mark"
				case "space", "s":
					s.Parity = "space"
				default:
					err = fmt.Errorf("parity %q must be none, odd, even, mark or space", v)
				}
			}
		case "stop":
			if err = serialOnly(); err == nil {
				if v != "1" && v != "1.5" && v != "2" {
					err = fmt.Errorf("stop bits %q must be 1, 1.5 or 2", v)
				}
				s.StopBits = v
			}
		case "suffix":
			suffixNone = v == "none"
			err = parseSuffix(&s.Frame, kind, v)
		case "gap":
			var d time.Duration
			d, err = time.ParseDuration(v)
			if err == nil && (d < time.Millisecond || d > time.Minute) {
				err = fmt.Errorf("gap %q must be between 1ms and 1m", v)
			} else if err != nil {
				err = fmt.Errorf("gap %q is not a duration like 30ms", v)
			}
			s.Frame.Gap, gapSet = d, true
		case "aim":
			switch v {
			case "1", "on", "true", "auto":
				s.Frame.AIM = AIMAuto
			case "0", "off", "false":
				s.Frame.AIM = AIMOff
			default:
				err = fmt.Errorf("aim %q must be 1 or 0", v)
			}
		case "max":
			s.Frame.Max, err = strconv.Atoi(v)
			if err != nil || s.Frame.Max < 16 || s.Frame.Max > 1<<20 {
				err = fmt.Errorf("max %q must be a byte count between 16 and 1048576", v)
			}
		case "layout":
			if kind != "evdev" {
				err = fmt.Errorf("option layout is for evdev sources only")
			}
			s.Layout = v
		case "grab":
			if kind != "evdev" {
				err = fmt.Errorf("option grab is for evdev sources only")
			}
			s.Grab = v != "0" && v != "false" && v != "off"
		default:
			err = fmt.Errorf("unknown option %q", key)
		}
		if err != nil {
			return fail("%v", err)
		}
	}
	if suffixNone && !gapSet {
		s.Frame.Gap = 50 * time.Millisecond
	}
	return s, nil
}

func parseSuffix(fc *FrameConfig, kind, v string) error {
	fc.SuffixAnyEOL, fc.Suffix = false, nil
	switch strings.ToLower(v) {
	case "eol":
		fc.SuffixAnyEOL = true
	case "cr", "enter":
		fc.Suffix = []byte{'\r'}
	case "lf":
		fc.Suffix = []byte{'\n'}
	case "crlf":
		fc.Suffix = []byte{'\r', '\n'}
	case "tab":
		fc.Suffix = []byte{'\t'}
	case "none":
		if kind == "evdev" {
			return fmt.Errorf("evdev sources need suffix=enter or tab")
		}
	default:
		lv := strings.ToLower(v)
		if !strings.HasPrefix(lv, "0x") {
			return fmt.Errorf("suffix %q must be eol, cr, lf, crlf, tab, none or a byte like 0x03", v)
		}
		b, err := strconv.ParseUint(lv[2:], 16, 8)
		if err != nil || b == GS {
			return fmt.Errorf("suffix %q must be one byte 0x00..0xFF other than 0x1D (GS is data)", v)
		}
		fc.Suffix = []byte{byte(b)}
	}
	if kind == "evdev" && len(fc.Suffix) == 1 && fc.Suffix[0] != '\r' && fc.Suffix[0] != '\t' {
		return fmt.Errorf("evdev sources need suffix=enter or tab")
	}
	if kind == "evdev" && (fc.SuffixAnyEOL || len(fc.Suffix) > 1) {
		return fmt.Errorf("evdev sources need suffix=enter or tab")
	}
	return nil
}

func parseUSBID(s string) (USBID, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return USBID{}, fmt.Errorf("usb=%q must be VID:PID or VID:PID:SERIALNO in hex, e.g. usb=05e0:1200", s)
	}
	hex4 := func(x string) bool {
		if len(x) != 4 {
			return false
		}
		_, err := strconv.ParseUint(x, 16, 16)
		return err == nil
	}
	if !hex4(parts[0]) || !hex4(parts[1]) {
		return USBID{}, fmt.Errorf("usb=%q must be VID:PID with 4 hex digits each, e.g. usb=05e0:1200", s)
	}
	u := USBID{VID: strings.ToLower(parts[0]), PID: strings.ToLower(parts[1])}
	if len(parts) == 3 {
		u.SerialNumber = parts[2]
	}
	return u, nil
}
