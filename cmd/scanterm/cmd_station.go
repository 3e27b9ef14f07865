package main

import (
	"context"
	"errors"
)

// cmdStation is not written yet; its owner replaces this file.
func cmdStation(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("station: not implemented yet")
}
