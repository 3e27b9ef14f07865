//go:build !linux

package scanner

import "fmt"

func newEvdevSource(s Spec, opt Options) (Source, error) {
	return nil, fmt.Errorf("%w: evdev sources need Linux", ErrSpec)
}
