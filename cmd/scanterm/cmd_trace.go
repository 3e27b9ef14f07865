package main

import (
	"context"
	"errors"
)

// cmdTrace is not written yet; its owner replaces this file.
func cmdTrace(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("trace: not implemented yet")
}
