package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

// doctorHub is a real hub on a SQLite file behind HTTP on 127.0.0.1.
func doctorHub(t *testing.T) (*hub.Server, *httptest.Server) {
	t.Helper()
	st, err := hub.OpenStore(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := hub.New(st, hub.Options{})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// runDoctor runs "scanterm doctor --json" as main would (site
// configuration applied) and decodes its report.
func runDoctor(t *testing.T, extra ...string) (doctorReport, string, error) {
	t.Helper()
	args, err := withSiteConfig(os.Getenv, append([]string{"doctor", "--json"}, extra...))
	if err != nil {
		t.Fatalf("withSiteConfig: %v", err)
	}
	var out, errOut bytes.Buffer
	err = run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &errOut}, args)
	var rep doctorReport
	if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
		t.Fatalf("doctor --json printed %q (stderr %q): %v", out.String(), errOut.String(), jerr)
	}
	return rep, out.String(), err
}

func statuses(rep doctorReport) map[string][]string {
	m := map[string][]string{}
	for _, c := range rep.Checks {
		m[c.Name] = append(m[c.Name], c.Status)
	}
	return m
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scanterm.conf")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(configEnv, p)
	return p
}

// A terminal set up as the package sets one up, enrolled to a live hub,
// passes every check; its data folder and scanner come from the site
// configuration alone.
func TestDoctorHealthyTerminal(t *testing.T) {
	srv, ts := doctorHub(t)
	code, err := srv.AddDevice(context.Background(), "dock-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "term")
	// A stand-in for the scanner's device node: present and writable.
	dev := filepath.Join(t.TempDir(), "ttyACM0")
	if err := os.WriteFile(dev, nil, 0o660); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SCANTERM_DATA", "")
	writeConfig(t, "# site\ndata = "+data+"\nsource = serial:"+dev+"?baud=9600&suffix=crlf\nhub = "+ts.URL+"\n")

	// enroll CODE takes the hub's URL from the configuration.
	args, err := withSiteConfig(os.Getenv, []string{"enroll", code})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &out}, args); err != nil {
		t.Fatalf("enroll %v: %v\n%s", args, err, out.String())
	}

	rep, text, err := runDoctor(t)
	if err != nil || !rep.OK {
		t.Fatalf("doctor failed on a healthy terminal: %v\n%s", err, text)
	}
	got := statuses(rep)
	for _, name := range []string{"version", "config", "data", "database", "scanner", "enrolment", "hub", "clock", "groups"} {
		if len(got[name]) != 1 || got[name][0] != statusOK {
			t.Errorf("check %s: %v, want one ok\n%s", name, got[name], text)
		}
	}
	for _, c := range rep.Checks {
		if c.Name == "enrolment" && !strings.Contains(c.Detail, "dock-1") {
			t.Errorf("enrolment detail %q does not name the device", c.Detail)
		}
		if c.Name == "database" && !strings.Contains(c.Detail, "quick_check ok") {
			t.Errorf("database detail %q", c.Detail)
		}
	}
}

// A new handheld with a mistyped configuration, no data and no enrolment:
// each problem is its own line with a fix, and doctor exits non-zero. The
// text form says the same as the JSON.
func TestDoctorNewHandheld(t *testing.T) {
	writeConfig(t, "data = /nonexistent/scanterm\nscaner = 05e0:1200\n")
	data := filepath.Join(t.TempDir(), "missing")
	rep, text, err := runDoctor(t, "--data", data)
	if err == nil || rep.OK {
		t.Fatalf("doctor passed a terminal with a broken configuration and no enrolment:\n%s", text)
	}
	got := statuses(rep)
	want := map[string]string{"config": statusFail, "data": statusWarn, "database": statusWarn, "enrolment": statusFail, "hub": statusWarn}
	for name, st := range want {
		if len(got[name]) != 1 || got[name][0] != st {
			t.Errorf("check %s: %v, want %s\n%s", name, got[name], st, text)
		}
	}
	for _, c := range rep.Checks {
		if c.Status == statusFail && c.Fix == "" {
			t.Errorf("failing check %s has no fix", c.Name)
		}
		if c.Name == "config" && !strings.Contains(c.Detail, `:2: unknown key "scaner"`) {
			t.Errorf("config detail %q does not name the line and key", c.Detail)
		}
	}

	var out bytes.Buffer
	err = run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &out}, []string{"doctor", "--data", data})
	if err == nil || !strings.Contains(out.String(), "fail  enrolment not enrolled\n      fix: on the hub: scanhub device add NAME") {
		t.Errorf("text form (err %v):\n%s", err, out.String())
	}
}

// An enrolled terminal whose hub is down and whose scanner is unplugged.
func TestDoctorHubDownScannerMissing(t *testing.T) {
	srv, ts := doctorHub(t)
	code, err := srv.AddDevice(context.Background(), "t2", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), ioStreams{In: strings.NewReader(""), Out: &out, Err: &out}, []string{"enroll", ts.URL, code, "--data", data}); err != nil {
		t.Fatalf("enroll: %v\n%s", err, out.String())
	}
	ts.Close()
	writeConfig(t, "source = serial:/dev/scanterm-no-such-tty\n")
	rep, text, err := runDoctor(t, "--data", data, "--timeout", "3s")
	if err == nil {
		t.Fatalf("doctor passed with the hub down:\n%s", text)
	}
	got := statuses(rep)
	want := map[string]string{"config": statusOK, "database": statusOK, "enrolment": statusOK, "hub": statusFail, "clock": statusWarn, "scanner": statusFail}
	for name, st := range want {
		if len(got[name]) != 1 || got[name][0] != st {
			t.Errorf("check %s: %v, want %s\n%s", name, got[name], st, text)
		}
	}
}
