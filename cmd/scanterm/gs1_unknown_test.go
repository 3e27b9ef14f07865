package main

import (
	"strings"
	"testing"
)

// TestGS1ParseTolerateUnknown: --tolerate-unknown keeps an AI this build
// does not know and marks it; without the flag the verdict is as before.
func TestGS1ParseTolerateUnknown(t *testing.T) {
	in := "]C10109506000134352252NEWDATA\n"
	out, _, err := runGS1(t, strings.NewReader(in), "parse", "--json", "--tolerate-unknown")
	if err != nil || strings.TrimSpace(out) != `{"ok":true,"form":"scan","symbology":"]C1","ais":[["01","09506000134352"],["252","NEWDATA"]],"unknown":["252"]}` {
		t.Fatalf("tolerant: %q, %v", out, err)
	}
	out, _, err = runGS1(t, strings.NewReader(in), "parse", "--tolerate-unknown")
	if err != nil || !strings.Contains(out, "(252)  UNKNOWN AI, kept         NEWDATA") {
		t.Fatalf("tolerant text: %q, %v", out, err)
	}
	out, _, err = runGS1(t, strings.NewReader(in), "parse", "--json")
	if err != nil || !strings.HasPrefix(out, `{"ok":false,"error":{"code":"unknown_ai"`) {
		t.Fatalf("strict: %q, %v", out, err)
	}
}
