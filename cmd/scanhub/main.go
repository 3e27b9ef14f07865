// Command scanhub is the central server scanterm terminals sync to, and the
// supervisor's tool for devices, master data, exceptions, trace and recall.
// Run "scanhub help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "scanhub:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "scanhub:", err)
		os.Exit(1)
	}
}
