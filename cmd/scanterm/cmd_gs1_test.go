package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func runGS1(t *testing.T, stdin io.Reader, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), ioStreams{In: stdin, Out: &out, Err: &errb}, append([]string{"gs1"}, args...))
	return out.String(), errb.String(), err
}

// TestGS1ParseJSONContract: one object per input line, exactly the shape
// the issue specifies, bad lines reported without stopping, exit 0.
func TestGS1ParseJSONContract(t *testing.T) {
	in := "]d2010950600013435210ABC\x1d21XYZ\r\n" + // CRLF from a serial scanner
		"LOC-A01\n" +
		"]C10109506000134353\n" +
		"\n" +
		"(01)09506000134352(17)261231"
	out, _, err := runGS1(t, strings.NewReader(in), "parse", "--json")
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		`{"ok":true,"form":"scan","symbology":"]d2","ais":[["01","09506000134352"],["10","ABC"],["21","XYZ"]]}`,
		`{"ok":false,"error":{"code":"not_gs1","message":"the data is not a GS1 barcode","ai":"","pos":0}}`,
		`{"ok":false,"error":{"code":"check_digit",`,
		`{"ok":false,"error":{"code":"empty",`,
		`{"ok":true,"form":"bracketed","symbology":"","ais":[["01","09506000134352"],["17","261231"]]}`,
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, want[i]) {
			t.Errorf("line %d = %s\nwant prefix   %s", i+1, l, want[i])
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("line %d is not JSON: %v", i+1, err)
		}
	}
	var e struct {
		Error struct {
			Code, Message, AI string
			Pos               int
		}
	}
	json.Unmarshal([]byte(lines[2]), &e)
	if e.Error.AI != "01" || e.Error.Pos != 18 || e.Error.Message == "" {
		t.Errorf("check digit error = %+v", e.Error)
	}
}

func TestGS1ParseArgsAndHuman(t *testing.T) {
	out, _, err := runGS1(t, strings.NewReader(""), "parse", "]C10109506000134352172612001012", "--sep", "~", "0109506000134352101~21Z", "]A0BIN-4")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"OK    scan  ]C1 GS1-128", "(17)   USE BY or EXPIRY", "261200  = 2026-12-31",
		"(21)   SERIAL                   Z",
		"ERROR not_gs1", "plain code",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runGS1(t, strings.NewReader(""), "parse", "]C10109506000134352101234521XYZ")
	if !strings.Contains(out, "note: (10) may hide (21) SERIAL") {
		t.Errorf("no missing-separator note:\n%s", out)
	}
	out, _, _ = runGS1(t, strings.NewReader("]C1010950600013435217261331\n"), "parse")
	if !strings.Contains(out, "ERROR bad_date") || !strings.Contains(out, "^ byte 23") {
		t.Errorf("human error output:\n%s", out)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("device unplugged") }

func TestGS1ParseExitStatus(t *testing.T) {
	if _, _, err := runGS1(t, failingReader{}, "parse"); err == nil || !strings.Contains(err.Error(), "device unplugged") {
		t.Errorf("unreadable stdin: err = %v", err)
	}
	if _, _, err := runGS1(t, strings.NewReader(""), "parse", "--nope"); !errors.Is(err, errUsage) {
		t.Errorf("bad flag: err = %v, want errUsage", err)
	}
	if _, _, err := runGS1(t, strings.NewReader("")); !errors.Is(err, errUsage) {
		t.Errorf("no subcommand: err = %v, want errUsage", err)
	}
	out, _, err := runGS1(t, strings.NewReader(""), "parse", "--help")
	if !errors.Is(err, flag.ErrHelp) || strings.Count(out, "Usage:") != 1 || !strings.Contains(out, "Example") || !strings.Contains(out, "-json") {
		t.Errorf("--help: err = %v, out:\n%s", err, out)
	}
	if out, _, err := runGS1(t, strings.NewReader("garbage\n"), "parse"); err != nil || !strings.Contains(out, "ERROR") {
		t.Errorf("bad barcode must not fail the command: %v %q", err, out)
	}
}

// A lone CR ends a line as LF and CR LF do (serial scanners send any of
// them), and a line far longer than any barcode is refused in words while
// the lines after it are still parsed, in bounded memory.
func TestGS1ParseLineEnds(t *testing.T) {
	in := "]C10109506000134352\r" + "LOC-A01\r\n" + strings.Repeat("9", 200<<10) + "\n" + "]C10109506000134352\n"
	out, _, err := runGS1(t, strings.NewReader(in), "parse", "--json")
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		`{"ok":true,"form":"scan","symbology":"]C1","ais":[["01","09506000134352"]]}`,
		`{"ok":false,"error":{"code":"not_gs1"`,
		`{"ok":false,"error":{"code":"too_long","message":"line longer than 65536 bytes`,
		`{"ok":true,"form":"scan","symbology":"]C1","ais":[["01","09506000134352"]]}`,
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%.2000s", len(lines), len(want), out)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, want[i]) {
			t.Errorf("line %d = %.200s\nwant prefix   %s", i+1, l, want[i])
		}
	}
}
