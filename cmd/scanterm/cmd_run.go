package main

import (
	"context"
	"errors"
)

// cmdRun is not written yet; its owner replaces this file.
func cmdRun(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("run: not implemented yet")
}
