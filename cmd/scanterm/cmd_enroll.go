package main

import (
	"context"
	"errors"
)

// cmdEnroll is not written yet; its owner replaces this file.
func cmdEnroll(ctx context.Context, s ioStreams, args []string) error {
	return errors.New("enroll: not implemented yet")
}
