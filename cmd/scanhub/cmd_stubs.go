package main

import (
	"context"
	"errors"
)

var errNotYet = errors.New("not implemented yet")

func cmdEvents(ctx context.Context, e env, args []string) error     { return errNotYet }
func cmdExceptions(ctx context.Context, e env, args []string) error { return errNotYet }
func cmdTrace(ctx context.Context, e env, args []string) error      { return errNotYet }
func cmdLot(ctx context.Context, e env, args []string) error        { return errNotYet }
func cmdImport(ctx context.Context, e env, args []string) error     { return errNotYet }
func cmdExport(ctx context.Context, e env, args []string) error     { return errNotYet }
func cmdDemo(ctx context.Context, e env, args []string) error       { return errNotYet }
