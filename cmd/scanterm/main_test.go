package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"
)

// The command line contract: --help explains, a bad flag or command is one
// line and a usage error (exit 2), never a page of text.
func TestCommandLine(t *testing.T) {
	tests := []struct {
		args      []string
		wantErr   error
		wantOut   string // substring of stdout
		errInLine string // substring of the error
	}{
		{args: []string{"--help"}, wantOut: "Commands:"},
		{args: []string{"help", "stock"}, wantErr: flag.ErrHelp, wantOut: "Usage: scanterm stock"},
		{args: []string{"stock", "--help"}, wantErr: flag.ErrHelp, wantOut: "Example:"},
		{args: []string{"version"}, wantOut: "scanterm "},
		{args: []string{"frob"}, wantErr: errUsage, errInLine: `unknown command "frob"`},
		{args: []string{"stock", "--nope"}, wantErr: errUsage, errInLine: "-nope"},
		{args: []string{"events", "--nope"}, wantErr: errUsage, errInLine: "-nope"},
		{args: []string{"gs1", "--nope"}, wantErr: errUsage, errInLine: "-nope"},
		{args: []string{"enroll", "09506000134352"}, wantErr: errUsage, errInLine: "not a scanterm enrolment code"},
		{args: []string{"enroll", "scanterm:enroll?code=K7QF"}, wantErr: errUsage, errInLine: "hub address or the one-time code is missing"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &errOut}, tt.args)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.errInLine != "" && (!strings.Contains(err.Error(), tt.errInLine) || strings.Contains(err.Error(), "\n")) {
				t.Errorf("error %q: want one line containing %q", err, tt.errInLine)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", out.String(), tt.wantOut)
			}
			if tt.wantErr == errUsage && (out.Len() > 0 || errOut.Len() > 0) {
				t.Errorf("a usage error printed more than its one line: stdout %q stderr %q", out.String(), errOut.String())
			}
			if strings.Count(out.String(), "Usage:") > 1 {
				t.Errorf("usage printed twice:\n%s", out.String())
			}
		})
	}
}
