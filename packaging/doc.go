// Package packaging holds what turns the two binaries into Debian packages
// for a site: one nfpm configuration per package (scanterm/nfpm.yaml,
// scanhub/nfpm.yaml) with the systemd units, udev rule, configuration files
// and maintainer scripts beside it, the builder (internal/debs, run by
// `make package` through internal/build), and the tests that check the
// packages and prove the arm builds under emulation.
//
// The package itself has no code; its tests build the packages with
// `make package` once per run and look at the result from outside, as a
// site's technician and dpkg would.
package packaging
