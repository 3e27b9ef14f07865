package main

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// cmdUdevName is the udev rule's helper (PROGRAM=): given a device's USB
// VID:PID it prints N when that model is the Nth "scanner" line of the site
// configuration, and fails otherwise, so the rule names the device
// /dev/scanner-N and gives it to the scanterm user only for listed models.
// It must be quick and quiet: udev runs it on every serial and input event.
func cmdUdevName(ctx context.Context, s ioStreams, args []string) error {
	fs := newFlagSet("udev-name", s, "scanterm udev-name VID:PID",
		`Print N when VID:PID (4 hex digits each) is the Nth "scanner = VID:PID" line
(from 0) of the site configuration; exit 1 with nothing printed otherwise.
The package's udev rule runs it to name listed scanners /dev/scanner-N and
hand them to the scanterm user (serial: dialout, HID: input).

Example:
  scanterm udev-name 05e0:1200`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: udev-name wants VID:PID", errUsage)
	}
	want, err := normalizeUSBID(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%w: udev-name: %v", errUsage, err)
	}
	cfg, err := loadSiteConfig(os.Getenv)
	if err != nil {
		return err
	}
	for i, v := range cfg.values["scanner"] {
		id, err := normalizeUSBID(v)
		if err != nil {
			return fmt.Errorf("site configuration: scanner %q: %v", v, err)
		}
		if id == want {
			fmt.Fprintln(s.Out, i)
			return nil
		}
	}
	return fmt.Errorf("udev-name: %s is not a listed scanner", want)
}

// normalizeUSBID checks "VID:PID" (4 hex digits each, any case) and
// returns it in lower case, as udev and sysfs spell it.
func normalizeUSBID(s string) (string, error) {
	vid, pid, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), ":")
	if !ok || !isHex4(vid) || !isHex4(pid) {
		return "", fmt.Errorf("%q: want VID:PID, 4 hex digits each (as lsusb shows them)", s)
	}
	return vid + ":" + pid, nil
}

func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
