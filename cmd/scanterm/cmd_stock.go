package main

import (
	"context"
	"errors"
)

// cmdStock is not written yet; its owner replaces this file.
func cmdStock(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("stock: not implemented yet")
}
