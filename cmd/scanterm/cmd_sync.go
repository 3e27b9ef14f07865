package main

import (
	"context"
	"errors"
)

// cmdSync is not written yet; its owner replaces this file.
func cmdSync(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("sync: not implemented yet")
}
