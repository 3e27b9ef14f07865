// Command gen turns the GS1 Barcode Syntax Dictionary into the Go table
// scanner/gs1 validates against (aitable_gen.go). Run it through
// `go generate ./scanner/gs1`; it reads and writes in the package directory.
package main

import (
	"fmt"
	"os"
)

const (
	dictFile = "gs1-syntax-dictionary.txt"
	outFile  = "aitable_gen.go"
)

func main() {
	src, err := os.ReadFile(dictFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	out, err := generate(src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(outFile, out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
