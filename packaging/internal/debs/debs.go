// Package debs builds the project's Debian packages with nfpm, used as a
// library, from the configurations under packaging/: the files to ship
// and the maintainer scripts are listed there, the version, architectures
// and binary folders come from the caller.
package debs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the "deb" packager
)

// Target is one package to build: a package name (its configuration is
// packaging/NAME/nfpm.yaml) for one Debian architecture.
type Target struct {
	Name string
	Arch string // Debian's name: amd64, arm64, armhf
}

// Targets are the packages `make package` builds: the terminal for the
// PC-class and both ARM handheld families, the hub for servers (ARM64
// servers and boards included; an armhf hub is not a site set-up we know).
func Targets() []Target {
	return []Target{
		{"scanterm", "amd64"}, {"scanterm", "arm64"}, {"scanterm", "armhf"},
		{"scanhub", "amd64"}, {"scanhub", "arm64"},
	}
}

// Version turns the string `--version` prints (git describe) into a Debian
// version: a leading "v" dropped and "-" (which would start a Debian
// revision) made "+". A build that is not of a release tag (a bare commit
// hash, "dev") gets "0~" first, so it sorts before every release whatever
// digit its hash starts with.
func Version(describe string) string {
	v := strings.TrimPrefix(strings.TrimSpace(describe), "v")
	v = strings.ReplaceAll(v, "-", "+")
	if !release.MatchString(v) {
		v = "0~" + v
	}
	return v
}

// release is the start of a release tag's describe string: 1.2, 1.2.3, ...
var release = regexp.MustCompile(`^[0-9]+\.[0-9]+`)

// FileName is the package file's name: NAME_VERSION_ARCH.deb.
func FileName(t Target, debVersion string) string {
	return fmt.Sprintf("%s_%s_%s.deb", t.Name, debVersion, t.Arch)
}

// Options says what to build from and where to.
type Options struct {
	// Root is the repository's root (packaging/ is under it).
	Root string
	// Version is the `--version` string of the binaries (git describe).
	Version string
	// BinDirs maps a Debian architecture to the folder holding that
	// architecture's scanterm and scanhub binaries.
	BinDirs map[string]string
	// Out is the folder the packages are written to (created if missing).
	Out string
}

// Build writes every target's package into opt.Out and returns their paths.
func Build(opt Options, targets []Target) ([]string, error) {
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, fmt.Errorf("packages: %w", err)
	}
	var out []string
	for _, t := range targets {
		p, err := buildOne(opt, t)
		if err != nil {
			return out, fmt.Errorf("package %s %s: %w", t.Name, t.Arch, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func buildOne(opt Options, t Target) (string, error) {
	bin, ok := opt.BinDirs[t.Arch]
	if !ok {
		return "", fmt.Errorf("no binary folder given for %s", t.Arch)
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(bin, t.Name)); err != nil {
		return "", fmt.Errorf("binary: %w (make build / make cross first)", err)
	}
	debVersion := Version(opt.Version)
	vars := map[string]string{"VERSION": debVersion, "ARCH": t.Arch, "BINDIR": bin}
	cfg, err := nfpm.ParseFileWithEnvMapping(filepath.Join(opt.Root, "packaging", t.Name, "nfpm.yaml"), func(k string) string { return vars[k] })
	if err != nil {
		return "", err
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return "", err
	}
	// The configuration's paths are relative to the repository, wherever
	// the builder runs from.
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(opt.Root, p)
	}
	for _, c := range info.Contents {
		c.Source = abs(c.Source)
	}
	s := &info.Scripts
	s.PreInstall, s.PostInstall, s.PreRemove, s.PostRemove = abs(s.PreInstall), abs(s.PostInstall), abs(s.PreRemove), abs(s.PostRemove)
	info = nfpm.WithDefaults(info)
	if err := nfpm.Validate(info); err != nil {
		return "", err
	}
	pkg, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	target := filepath.Join(opt.Out, FileName(t, debVersion))
	info.Target = target
	f, err := os.Create(target + ".tmp")
	if err != nil {
		return "", err
	}
	defer os.Remove(target + ".tmp")
	if err := pkg.Package(info, f); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return target, os.Rename(target+".tmp", target)
}
