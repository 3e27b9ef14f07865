package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// The site configuration becomes flags before the user's own, so the
// user's win; a repeatable one is dropped when the user gave any.
func TestWithSiteConfig(t *testing.T) {
	p := filepath.Join(t.TempDir(), "scanterm.conf")
	conf := `# a site
data = /var/lib/scanterm
source = serial:usb=05e0:1200?baud=9600
source = evdev:/dev/scanner-1
  gs = ~
wedge-suffix = tab
hub = https://hub.example:8443
fingerprint = sha256:abc
location = DOCK-1
scanner = 05e0:1200
`
	if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{configEnv: p}
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"--data=/var/lib/scanterm", "--gs=~", "--source=serial:usb=05e0:1200?baud=9600", "--source=evdev:/dev/scanner-1", "--wedge-suffix=tab"}},
		{[]string{"run", "--source", "stdin", "--gs", "^"}, []string{"run", "--data=/var/lib/scanterm", "--gs=~", "--wedge-suffix=tab", "--source", "stdin", "--gs", "^"}},
		{[]string{"station", "receive", "--po", "PO-1"}, []string{"station", "--data=/var/lib/scanterm", "--gs=~", "--location=DOCK-1", "--source=serial:usb=05e0:1200?baud=9600", "--source=evdev:/dev/scanner-1", "receive", "--po", "PO-1"}},
		{[]string{"scan", "--list"}, []string{"scan", "--data=/var/lib/scanterm", "--list"}},
		{[]string{"enroll", "K7P2-M9QX"}, []string{"enroll", "--data=/var/lib/scanterm", "--fingerprint=sha256:abc", "https://hub.example:8443", "K7P2-M9QX"}},
		{[]string{"enroll", "https://other:1", "K7P2", "--data", "d"}, []string{"enroll", "--data=/var/lib/scanterm", "--fingerprint=sha256:abc", "https://other:1", "K7P2", "--data", "d"}},
		{[]string{"version"}, []string{"version"}},
		{[]string{"stock", "--help"}, []string{"stock", "--help"}},
		{[]string{"frob"}, []string{"frob"}},
	}
	for _, tt := range tests {
		got, err := withSiteConfig(envOf(env), tt.args)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%v:\n got %q\nwant %q", tt.args, got, tt.want)
		}
	}
	// $SCANTERM_DATA is more specific than the site's data folder.
	env["SCANTERM_DATA"] = "/tmp/x"
	got, err := withSiteConfig(envOf(env), []string{"stock"})
	if err != nil || strings.Contains(strings.Join(got, " "), "--data") {
		t.Errorf("with SCANTERM_DATA: %q %v", got, err)
	}
	// No configuration at all changes nothing.
	got, err = withSiteConfig(envOf(map[string]string{configEnv: ":"}), []string{"stock", "--json"})
	if err != nil || !reflect.DeepEqual(got, []string{"stock", "--json"}) {
		t.Errorf("empty configuration list: %q %v", got, err)
	}
}

// A mistake in the file stops every command but doctor, naming file and
// line; a listed file that is missing is an error too.
func TestSiteConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := map[string]string{
		"unknown key": "datta = /x\n",
		"no equals":   "data /x\n",
		"empty value": "data =\n",
		"twice":       "data = /x\ndata = /y\n",
	}
	for name, text := range bad {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		os.WriteFile(p, []byte(text), 0o644)
		_, err := withSiteConfig(envOf(map[string]string{configEnv: p}), []string{"stock"})
		if err == nil || !strings.Contains(err.Error(), p+":") {
			t.Errorf("%s: error %v, want one naming %s and the line", name, err, p)
		}
		if _, err := withSiteConfig(envOf(map[string]string{configEnv: p}), []string{"doctor"}); err != nil {
			t.Errorf("%s: doctor refused to start: %v", name, err)
		}
	}
	if _, err := withSiteConfig(envOf(map[string]string{configEnv: filepath.Join(dir, "none")}), []string{"stock"}); err == nil {
		t.Error("a missing listed file was accepted")
	}
	// A later file replaces a key of an earlier one (a station's own file
	// after the site's).
	site, station := filepath.Join(dir, "site"), filepath.Join(dir, "station")
	os.WriteFile(site, []byte("data = /d\nsource = serial:/dev/a\n"), 0o644)
	os.WriteFile(station, []byte("source = serial:/dev/b\nlocation = PACK-2\n"), 0o644)
	got, err := withSiteConfig(envOf(map[string]string{configEnv: site + ":" + station}), []string{"station", "ship"})
	want := []string{"station", "--data=/d", "--location=PACK-2", "--source=serial:/dev/b", "ship"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("site + station: %q %v, want %q", got, err, want)
	}
}

// udev-name prints the index of a listed scanner model and fails quietly
// for any other device.
func TestUdevName(t *testing.T) {
	p := filepath.Join(t.TempDir(), "scanterm.conf")
	os.WriteFile(p, []byte("scanner = 05E0:1200\nscanner = 0c2e:0b61\n"), 0o644)
	t.Setenv(configEnv, p)
	for arg, want := range map[string]string{"05e0:1200": "0\n", "0C2E:0B61": "1\n", "1234:5678": ""} {
		var out bytes.Buffer
		err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &out}, []string{"udev-name", arg})
		if out.String() != want || (want == "") != (err != nil) {
			t.Errorf("udev-name %s: %q, %v; want %q", arg, out.String(), err, want)
		}
	}
	if err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, []string{"udev-name", "05e0"}); err == nil {
		t.Error("udev-name accepted a malformed id")
	}
}
