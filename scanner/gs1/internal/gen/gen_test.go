package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedTableIsCurrent fails when aitable_gen.go no longer matches
// what the generator makes of the dictionary: run `go generate ./scanner/gs1`.
func TestGeneratedTableIsCurrent(t *testing.T) {
	src, err := os.ReadFile("../../" + dictFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../" + outFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run `go generate ./scanner/gs1`", outFile)
	}
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		ok   bool
	}{
		{"01 *? N14,csum,gcppos2 ex=255,37 dlpkey=22,10,21|235 # GTIN", true},
		{"423 ? N3,iso3166 [N3],iso3166 req=01,02 # X", true},
		{"8110 ? X..70,couponcode", true},
		{"01 *? Q14 # bad type", false},
		{"1 * N14 # short AI", false},
		{"01 * N14 foo=bar # unknown attribute", false},
		{"01 * N..x # bad length", false},
	} {
		_, err := parseLine(tc.line)
		if (err == nil) != tc.ok {
			t.Errorf("parseLine(%q) err = %v, want ok=%v", tc.line, err, tc.ok)
		}
	}
}

func TestDictionaryHasEveryEntry(t *testing.T) {
	src, err := os.ReadFile("../../" + dictFile)
	if err != nil {
		t.Fatal(err)
	}
	es, err := parseDict(src)
	if err != nil {
		t.Fatal(err)
	}
	// The README of the reference copy says 224 entries.
	if len(es) != 224 {
		t.Fatalf("parsed %d entries, want 224", len(es))
	}
}
