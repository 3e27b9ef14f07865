package main

import (
	"context"
	"errors"
)

// cmdEvents is not written yet; its owner replaces this file.
func cmdEvents(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("events: not implemented yet")
}
