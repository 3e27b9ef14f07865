package gs1

import "fmt"

// Character-set membership, one bit per set, for allocation-free checks.
var charClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= 1 << csetN
	}
	for i := 0; i < len(cset82); i++ {
		t[cset82[i]] |= 1 << csetX
	}
	for _, c := range "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		t[c] |= 1 << csetY
	}
	for _, c := range "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=" {
		t[c] |= 1 << csetZ
	}
	return t
}()

// badChar returns the index of the first character of v outside set s, or -1.
func badChar(s cset, v string) int {
	bit := uint8(1) << s
	for i := 0; i < len(v); i++ {
		if charClass[v[i]]&bit == 0 {
			return i
		}
	}
	if s == csetZ {
		// base64url padding: "=" only at the end.
		for i := 0; i < len(v); i++ {
			if v[i] == '=' {
				for j := i; j < len(v); j++ {
					if v[j] != '=' {
						return j
					}
				}
				break
			}
		}
	}
	return -1
}

var csetHelp = [...]string{
	csetN: "digits only",
	csetX: "letters, digits and !\"%&'()*+,-./:;<=>?_ (no spaces)",
	csetY: "capital letters, digits and # - / only",
	csetZ: "letters, digits, - and _ (base64url) only",
}

// checkValue validates v as the value of ai (definition def); pos is the
// byte offset of v in the input, for error positions.
func checkValue(def *aiDef, ai, v string, pos int) *Error {
	if len(v) < def.minLen || len(v) > def.maxLen {
		return lengthError(def, ai, v, pos)
	}
	off := 0
	for _, c := range def.comps {
		rem := len(v) - off
		if rem == 0 && c.optional {
			break
		}
		n := c.max
		if c.min != c.max {
			n = rem
		}
		if rem < n || n < c.min {
			return lengthError(def, ai, v, pos)
		}
		part := v[off : off+n]
		if i := badChar(c.cset, part); i >= 0 {
			return errorf(codeCharset, ai, pos+off+i, "(%s) %s: character %s is not allowed here (%s)", ai, def.title, showChar(part[i]), csetHelp[c.cset])
		}
		for _, l := range c.linters {
			if f, ok := runLinter(l, part); !ok {
				return &Error{Code: f.code, AI: ai, Pos: pos + off + f.off, Message: fmt.Sprintf("(%s) %s: %s", ai, def.title, f.msg)}
			}
		}
		off += n
	}
	if off != len(v) {
		return lengthError(def, ai, v, pos)
	}
	return nil
}

func showChar(c byte) string {
	switch {
	case c == gs:
		return "GS (separator)"
	case c == ' ':
		return "space"
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("byte 0x%02X", c)
	}
	return fmt.Sprintf("%q", c)
}

func lengthError(def *aiDef, ai, v string, pos int) *Error {
	want := fmt.Sprintf("%d", def.minLen)
	if def.minLen != def.maxLen {
		want = fmt.Sprintf("%d to %d", def.minLen, def.maxLen)
	}
	what := "characters"
	if len(def.comps) == 1 && def.comps[0].cset == csetN {
		what = "digits"
	}
	if len(v) == 0 {
		return errorf(codeLength, ai, pos, "(%s) %s is empty: it needs %s %s", ai, def.title, want, what)
	}
	if len(v) < def.minLen || len(v) > def.maxLen {
		return errorf(codeLength, ai, pos, "(%s) %s has %d %s but needs %s", ai, def.title, len(v), what, want)
	}
	return errorf(codeLength, ai, pos, "(%s) %s: %q does not fit the AI's format (%d %s)", ai, def.title, v, len(v), what)
}
