package main

import (
	"context"
	"errors"
)

// cmdScan is not written yet; its owner replaces this file.
func cmdScan(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("scan: not implemented yet")
}
