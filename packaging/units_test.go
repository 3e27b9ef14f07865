package packaging

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// readUnit reads a unit file's Key=Value lines (sections folded; the last
// value of a key wins, enough for the keys the tests look at).
func readUnit(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '[' {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// readEnvFile reads a systemd EnvironmentFile.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	m := readUnit(t, path)
	for k, v := range m {
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			m[k] = v[1 : len(v)-1]
		}
	}
	return m
}

// systemdExpand turns an ExecStart= line into argv as systemd does for
// unquoted words: ${VAR} is replaced within its word, a word that is just
// $VAR becomes the value's whitespace-separated words (none when empty).
func systemdExpand(t *testing.T, line string, env map[string]string) []string {
	t.Helper()
	braced := regexp.MustCompile(`\$\{(\w+)\}`)
	bare := regexp.MustCompile(`^\$(\w+)$`)
	var argv []string
	for _, w := range strings.Fields(line) {
		if strings.ContainsAny(w, `"'`) {
			t.Fatalf("ExecStart %q: quoting is not expected here", line)
		}
		if m := bare.FindStringSubmatch(w); m != nil {
			argv = append(argv, strings.Fields(env[m[1]])...)
			continue
		}
		argv = append(argv, braced.ReplaceAllStringFunc(w, func(s string) string { return env[s[2:len(s)-1]] }))
	}
	return argv
}

// checkUdevRules checks a rules file the way udev's parser reads it:
// comma-separated KEY[{attr}] OP "value" pairs, known keys, assignment
// operators only on assignment keys, and every GOTO with its LABEL. It
// stands in for `udevadm verify` on systemd releases without it.
func checkUdevRules(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	match := map[string]bool{"ACTION": true, "DEVPATH": true, "KERNEL": true, "KERNELS": true, "NAME": true, "SYMLINK": true,
		"SUBSYSTEM": true, "SUBSYSTEMS": true, "DRIVER": true, "DRIVERS": true, "ATTR": true, "ATTRS": true, "ENV": true,
		"TAG": true, "TAGS": true, "TEST": true, "PROGRAM": true, "RESULT": true, "CONST": true, "SYSCTL": true}
	assign := map[string]bool{"NAME": true, "SYMLINK": true, "OWNER": true, "GROUP": true, "MODE": true, "ATTR": true, "ENV": true,
		"TAG": true, "RUN": true, "LABEL": true, "GOTO": true, "IMPORT": true, "OPTIONS": true, "SECLABEL": true, "SYSCTL": true}
	pair := regexp.MustCompile(`^\s*([A-Z]+)(\{[^}]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*(,|$)`)
	labels, gotos := map[string]bool{}, map[string]int{}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		rest, pairs := line, 0
		for rest != "" {
			m := pair.FindStringSubmatch(rest)
			if m == nil {
				return fmt.Errorf("%s:%d: cannot parse %q", path, n+1, rest)
			}
			key, op, val := m[1], m[3], m[4]
			isMatch := op == "==" || op == "!="
			if isMatch && !match[key] || !isMatch && !assign[key] {
				return fmt.Errorf("%s:%d: %s %s is not a udev key with that operator", path, n+1, key, op)
			}
			switch key {
			case "LABEL":
				labels[val] = true
			case "GOTO":
				gotos[val] = n + 1
			}
			rest = strings.TrimSpace(rest[len(m[0]):])
			pairs++
		}
		if pairs == 0 {
			return fmt.Errorf("%s:%d: empty rule", path, n+1)
		}
	}
	for l, n := range gotos {
		if !labels[l] {
			return fmt.Errorf("%s:%d: GOTO %q has no LABEL", path, n, l)
		}
	}
	return nil
}

// The syntax check is not a rubber stamp: broken rules are refused.
func TestCheckUdevRulesRefuses(t *testing.T) {
	for _, bad := range []string{
		`SUBSYSTEM=="tty", GROUP=="dialout"` + "\n", // GROUP is not a match key
		`SUBSYSTEM=="tty" GROUP="dialout"` + "\n",   // missing comma
		`SUBSYSTEM=="tty", GOTO="nowhere"` + "\n",   // no such label
		`SUBSYSTEM=="tty", FROB="x"` + "\n",         // unknown key
		`SUBSYSTEM=="tty", GROUP="dialout` + "\n",   // unterminated value
	} {
		p := t.TempDir() + "/bad.rules"
		os.WriteFile(p, []byte(bad), 0o644)
		if err := checkUdevRules(p); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
