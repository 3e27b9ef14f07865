package main

import (
	"bufio"
	"os"
	"strings"
)

// serviceDefaultsPath is the scanhub package's settings for its service
// (a systemd EnvironmentFile). The command line reads SCANHUB_DB from it
// too, so that a supervisor's commands on the hub machine (device add,
// import, lot recall) work on the service's database without --db.
const serviceDefaultsPath = "/etc/default/scanhub"

// defaultDB is --db's default: $SCANHUB_DB, else the service's
// SCANHUB_DB, else ./var/hub.db (a developer's checkout).
func defaultDB(getenv func(string) string, defaultsPath string) string {
	if v := getenv("SCANHUB_DB"); v != "" {
		return v
	}
	if v := envFileValue(defaultsPath, "SCANHUB_DB"); v != "" {
		return v
	}
	return "sqlite:./var/hub.db"
}

// envFileValue returns key's value in a systemd EnvironmentFile (KEY=VALUE
// lines, # comments, optional double or single quotes around the value),
// or "" when the file or the key is missing.
func envFileValue(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	val := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") || strings.TrimSpace(k) != key {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		val = v // the last assignment wins, as in systemd
	}
	return val
}
