package main

import (
	"context"
	"errors"
)

// cmdGS1 is not written yet; its owner replaces this file.
func cmdGS1(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("gs1: not implemented yet")
}
