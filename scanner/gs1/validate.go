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

// csetTable[s][c] is 1 when byte c belongs to set s, else 0: bytes, not
// bools, so four lookups combine with AND and one branch.
var csetTable = func() (t [4][256]uint8) {
	for s := csetN; s <= csetZ; s++ {
		for c := 0; c < 256; c++ {
			if charClass[c]&(1<<s) != 0 {
				t[s][c] = 1
			}
		}
	}
	return t
}()

// badChar returns the index of the first character of v outside set s, or -1.
func badChar(s cset, v string) int {
	if s == csetN {
		return badDigit(v)
	}
	if i := spanOf(&csetTable[s&3], v); i < len(v) {
		return i
	}
	if s == csetZ {
		return badPadding(v)
	}
	return -1
}

// spanOf returns how many bytes at the start of w belong to the set t,
// four at a time while it can.
func spanOf(t *[256]uint8, w string) int {
	j := 0
	for ; j+4 <= len(w); j += 4 {
		q := w[j : j+4]
		if t[q[0]]&t[q[1]]&t[q[2]]&t[q[3]] == 0 {
			break
		}
	}
	for j < len(w) && t[w[j]] != 0 {
		j++
	}
	return j
}

// badDigit returns the index of the first non-digit in v, or -1. It tests
// eight (or four) bytes at a time: a byte is a digit when its high nibble
// is 3 and adding 6 keeps it so; a carry out of a byte only happens for a
// byte that fails anyway. On failure a byte loop finds the exact index.
func badDigit(v string) int {
	switch n := len(v); {
	case n >= 8:
		i := 0
		for ; i+8 <= n; i += 8 {
			if !digits8(v[i : i+8]) {
				return badDigitSlow(v)
			}
		}
		if i < n && !digits8(v[n-8:]) {
			return badDigitSlow(v)
		}
		return -1
	case n >= 4:
		if !digits4(v[:4]) || !digits4(v[n-4:]) {
			return badDigitSlow(v)
		}
		return -1
	}
	return badDigitSlow(v)
}

func digits8(v string) bool { return digits8x(le64(v)) }

// digits8x: the eight bytes of x are all ASCII digits.
func digits8x(x uint64) bool {
	return x&0xF0F0F0F0F0F0F0F0|(x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0>>4 == 0x3333333333333333
}

func digits4(v string) bool {
	_ = v[3]
	x := uint32(v[0]) | uint32(v[1])<<8 | uint32(v[2])<<16 | uint32(v[3])<<24
	return x&0xF0F0F0F0|(x+0x06060606)&0xF0F0F0F0>>4 == 0x33333333
}

func badDigitSlow(v string) int {
	for i := 0; i < len(v); i++ {
		if v[i]-'0' > 9 {
			return i
		}
	}
	return -1
}

// badPadding: in base64url "=" may only pad the end.
func badPadding(v string) int {
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
	if len(def.comps) == 1 {
		// Most AIs have one component: the length check above covers it.
		c := &def.comps[0]
		if i := badChar(c.cset, v); i >= 0 {
			return errorf(codeCharset, ai, pos+i, "(%s) %s: character %s is not allowed here (%s)", ai, def.title, showChar(v[i]), csetHelp[c.cset]+sepHint(v[i]))
		}
		for _, l := range c.linters {
			if quickLint(l, v, c.cset == csetN) {
				continue
			}
			if f, ok := runLinter(l, v); !ok {
				return &Error{Code: f.code, AI: ai, Pos: pos + f.off, Message: fmt.Sprintf("(%s) %s: %s", ai, def.title, f.msg)}
			}
		}
		return nil
	}
	off := 0
	for ci := range def.comps {
		c := &def.comps[ci]
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
			return errorf(codeCharset, ai, pos+off+i, "(%s) %s: character %s is not allowed here (%s)", ai, def.title, showChar(part[i]), csetHelp[c.cset]+sepHint(part[i]))
		}
		for _, l := range c.linters {
			if quickLint(l, part, c.cset == csetN) {
				continue
			}
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

// quickLint is the allocation- and branch-light pass of the linters on
// every typical scan; false sends the value to runLinter, which decides
// and explains.
func quickLint(l linter, v string, digits bool) bool {
	switch l {
	case lintCsum:
		return len(v) > 0 && csumDigit(v[:len(v)-1]) == v[len(v)-1]
	case lintGcppos1:
		return len(v) >= 4 && (digits || digits4(v[:4]))
	case lintGcppos2:
		return len(v) >= 5 && (digits || digits4(v[1:5]))
	case lintYymmd0, lintYymmdd:
		return okYYMMDD(v, l == lintYymmd0)
	}
	return false
}

// sepHint adds advice when a character that some keyboard-wedge scanners
// send in place of GS shows up in the data.
func sepHint(c byte) string {
	switch c {
	case '^', '~', '|', '{', '}', '[', '\\', '@', '#', '$', '`':
		return "; if the scanner sends it in place of the GS separator, configure it as a separator substitute"
	}
	return ""
}
