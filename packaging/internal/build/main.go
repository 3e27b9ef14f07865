// Command build writes the Debian packages into dist/; `make package` runs
// it after building the binaries for every architecture:
//
//	go run ./packaging/internal/build --version $(VERSION) --out dist \
//	    --bin amd64=bin --bin arm64=bin/linux-arm64 --bin armhf=bin/linux-armv7
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/scanterm/scanterm/packaging/internal/debs"
)

type binDirs map[string]string

func (b binDirs) String() string { return fmt.Sprint(map[string]string(b)) }
func (b binDirs) Set(v string) error {
	arch, dir, ok := strings.Cut(v, "=")
	if !ok || arch == "" || dir == "" {
		return fmt.Errorf("want ARCH=DIR, got %q", v)
	}
	b[arch] = dir
	return nil
}

func main() {
	bins := binDirs{}
	version := flag.String("version", "", "the binaries' --version string (git describe)")
	out := flag.String("out", "dist", "folder to write the packages to")
	root := flag.String("root", ".", "the repository's root")
	only := flag.String("only", "", "build only packages of these comma-separated Debian architectures")
	flag.Var(bins, "bin", "ARCH=DIR: where that architecture's binaries are (repeatable)")
	flag.Parse()
	if *version == "" {
		fmt.Fprintln(os.Stderr, "build: --version is required")
		os.Exit(2)
	}
	targets := debs.Targets()
	if *only != "" {
		var keep []debs.Target
		for _, t := range targets {
			if strings.Contains(","+*only+",", ","+t.Arch+",") {
				keep = append(keep, t)
			}
		}
		targets = keep
	}
	paths, err := debs.Build(debs.Options{Root: *root, Version: *version, BinDirs: bins, Out: *out}, targets)
	for _, p := range paths {
		fmt.Println(p)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}
