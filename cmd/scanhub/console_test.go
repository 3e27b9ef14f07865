package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// withStdin runs one scanhub command with stdin.
func withStdin(stdin string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), err
}

// TestConsoleAccountAndToken: the first account is made on the command
// line, signs in to the console scanhub serve mounts on its listener, and
// an integration's token reads the JSON API.
func TestConsoleAccountAndToken(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "hub.db")
	if _, err := withStdin("a fine password\n", "user", "add", "alice", "--role", "admin", "--password-stdin", "--db", db); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		usage bool
	}{
		{"a fine password\n", []string{"user", "add", "alice", "--role", "admin", "--password-stdin"}, false}, // exists
		{"short\n", []string{"user", "add", "bob", "--role", "admin", "--password-stdin"}, false},
		{"a fine password\n", []string{"user", "add", "bob", "--role", "boss", "--password-stdin"}, true},
		{"a fine password\n", []string{"user", "add", "bad name", "--role", "admin", "--password-stdin"}, true},
		{"", []string{"user", "add", "bob", "--role", "admin"}, true}, // no terminal to ask on
		{"", []string{"token", "add", "erp", "--role", "boss"}, true},
	} {
		_, err := withStdin(tc.stdin, append(tc.args, "--db", db)...)
		if err == nil || errors.Is(err, errUsage) != tc.usage {
			t.Errorf("%v: %v (usage error wanted: %v)", tc.args, err, tc.usage)
		}
	}
	out := scanhub(t, "user", "list", "--db", db)
	if !strings.Contains(out, "alice") || !strings.Contains(out, "admin") || strings.Contains(out, "bob") {
		t.Fatalf("user list:\n%s", out)
	}
	tok := strings.TrimSpace(scanhub(t, "token", "add", "erp", "--db", db))
	if !strings.HasPrefix(tok, "sht_") || len(tok) != 68 {
		t.Fatalf("token %q", tok)
	}

	base, _ := serve(t, "--db", db, "--listen", "127.0.0.1:0")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/signin", url.Values{"name": {"alice"}, "password": {"a fine password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/today" {
		t.Fatalf("sign in: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/terminals", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Terminals []any `json:"terminals"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || body.Terminals == nil {
		t.Fatalf("api with token: %d %v %+v", resp.StatusCode, err, body)
	}
	// The sync protocol still answers on the same listener.
	resp, err = http.Post(base+"/v1/enroll", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired {
		t.Fatalf("sync endpoint without protocol header: %d", resp.StatusCode)
	}
	// A password change signs alice out.
	if _, err := withStdin("another fine one\n", "user", "passwd", "alice", "--password-stdin", "--db", db); err != nil {
		t.Fatal(err)
	}
	resp, err = c.Get(base + "/api/v1/today")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old session after a password change: %d", resp.StatusCode)
	}
}
