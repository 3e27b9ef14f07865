package scanner

import (
	"context"
	"errors"
)

type todoSource struct{ name string }

func (t todoSource) Name() string { return t.name }
func (t todoSource) Run(ctx context.Context, emit func(Event)) error {
	return errors.New(t.name + ": not implemented yet")
}

func newImageSource(path string, opt Options) Source     { return todoSource{"image"} }
