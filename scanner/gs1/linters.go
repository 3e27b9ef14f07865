package gs1

import (
	"fmt"
	"strings"
)

// linter names a content rule from the GS1 Barcode Syntax Tests.
type linter uint8

// Every linter the dictionary names; the generated table refers to these
// constants, so a new dictionary naming an unknown linter does not compile.
const (
	lintNone linter = iota
	lintCouponcode
	lintCouponposoffer
	lintCsum
	lintCsumalpha
	lintGcppos1
	lintGcppos2
	lintHasnondigit
	lintHh
	lintHhmi
	lintHyphen
	lintIban
	lintImporteridx
	lintIso3166
	lintIso3166999
	lintIso3166alpha2
	lintIso4217
	lintIso5218
	lintLatitude
	lintLongitude
	lintMediatype
	lintMi
	lintNonzero
	lintNozeroprefix
	lintPackagetype
	lintPcenc
	lintPieceoftotal
	lintPosinseqslash
	lintSs
	lintWinding
	lintYesno
	lintYymmd0
	lintYymmdd
	lintYyyymmdd
	lintZero
)

// lintFail describes a failed content rule: offset into the component,
// error code and an operator-facing explanation.
type lintFail struct {
	off  int
	code string
	msg  string
}

// runLinter applies l to the component value v. ok is true when v passes.
func runLinter(l linter, v string) (f lintFail, ok bool) {
	switch l {
	case lintCsum:
		return checkCsum(v)
	case lintCsumalpha:
		return checkCsumAlpha(v)
	case lintGcppos1:
		return checkGCP(v, 0)
	case lintGcppos2:
		return checkGCP(v, 1)
	case lintHasnondigit:
		if allDigits(v) {
			return lintFail{0, codeContent, "must contain at least one character that is not a digit"}, false
		}
	case lintHh:
		return checkRange(v, 0, 23, codeTime, "hour")
	case lintMi:
		return checkRange(v, 0, 59, codeTime, "minute")
	case lintSs:
		return checkRange(v, 0, 59, codeTime, "second")
	case lintHhmi:
		if f, ok := checkRange(v[:2], 0, 23, codeTime, "hour"); !ok {
			return f, false
		}
		if f, ok := checkRange(v[2:], 0, 59, codeTime, "minute"); !ok {
			f.off += 2
			return f, false
		}
	case lintHyphen:
		if i := strings.IndexFunc(v, func(r rune) bool { return r != '-' }); i >= 0 {
			return lintFail{i, codeContent, fmt.Sprintf("%q is not allowed here: only a hyphen (-) may follow the temperature, to mark it negative", v[i])}, false
		}
	case lintIban:
		return checkIBAN(v)
	case lintImporteridx:
		if len(v) != 1 {
			return lintFail{0, codeContent, "importer index must be one character"}, false
		}
		if c := v[0]; !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return lintFail{0, codeContent, fmt.Sprintf("%q is not a valid importer index (a letter, digit, - or _)", v)}, false
		}
	case lintIso3166:
		if !setISO3166.has(v) {
			return lintFail{0, codeContent, fmt.Sprintf("%s is not an ISO 3166 numeric country code", v)}, false
		}
	case lintIso3166999:
		if v != "999" && !setISO3166.has(v) {
			return lintFail{0, codeContent, fmt.Sprintf("%s is not an ISO 3166 numeric country code (or 999)", v)}, false
		}
	case lintIso3166alpha2:
		if !setAlpha2.has(v) {
			return lintFail{0, codeContent, fmt.Sprintf("%q is not an ISO 3166 two-letter country code", v)}, false
		}
	case lintIso4217:
		if !setISO4217.has(v) {
			return lintFail{0, codeContent, fmt.Sprintf("%s is not an ISO 4217 numeric currency code", v)}, false
		}
	case lintIso5218:
		if v != "0" && v != "1" && v != "2" && v != "9" {
			return lintFail{0, codeContent, fmt.Sprintf("%s is not an ISO 5218 sex code (0, 1, 2 or 9)", v)}, false
		}
	case lintLatitude:
		return checkMax(v, 1800000000, "latitude")
	case lintLongitude:
		return checkMax(v, 3600000000, "longitude")
	case lintMediatype:
		if len(v) != 2 || !allDigits(v) || !(d2(v) >= 1 && d2(v) <= 10 || d2(v) >= 80) {
			return lintFail{0, codeContent, fmt.Sprintf("%s is not an AIDC media type (01–10, 80–99)", v)}, false
		}
	case lintNonzero:
		if strings.Trim(v, "0") == "" {
			return lintFail{0, codeContent, "must not be zero"}, false
		}
	case lintNozeroprefix:
		if len(v) > 0 && v[0] == '0' {
			return lintFail{0, codeContent, "must not start with 0"}, false
		}
	case lintPackagetype:
		if !setPackages.has(v) {
			return lintFail{0, codeContent, fmt.Sprintf("%q is not a GS1 package type code", v)}, false
		}
	case lintPcenc:
		for i := 0; i < len(v); i++ {
			if v[i] == '%' && (i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2])) {
				return lintFail{i, codeContent, "a % must be followed by two hexadecimal digits (percent-encoding)"}, false
			}
		}
	case lintPieceoftotal:
		p, t := d2(v), d2(v[2:])
		if p == 0 || t == 0 || p > t {
			return lintFail{0, codeContent, fmt.Sprintf("piece %02d of total %02d is impossible: neither may be 00 and the piece may not exceed the total", p, t)}, false
		}
	case lintPosinseqslash:
		return checkPosInSeq(v)
	case lintWinding:
		if v != "0" && v != "1" && v != "9" {
			return lintFail{0, codeContent, fmt.Sprintf("winding direction %s is not 0, 1 or 9", v)}, false
		}
	case lintYesno:
		if v != "0" && v != "1" {
			return lintFail{0, codeContent, fmt.Sprintf("%s must be 0 (no) or 1 (yes)", v)}, false
		}
	case lintZero:
		if v != "0" {
			return lintFail{0, codeContent, "must be 0"}, false
		}
	case lintYymmd0:
		return checkDate(v, true)
	case lintYymmdd:
		return checkDate(v, false)
	case lintYyyymmdd:
		return checkDate8(v)
	case lintCouponcode:
		return checkCouponCode(v)
	case lintCouponposoffer:
		return checkCouponPosOffer(v)
	}
	return lintFail{}, true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// csumDigit computes the GS1 mod-10 check digit of the digits in s.
//
// Weights alternate 3, 1, 3, … from the rightmost digit. The bytes at even
// and at odd offsets are summed separately, eight at a time: masking every
// other byte leaves four 16-bit lanes, and multiplying by 0x0001000100010001
// adds the lanes into the top one. The '0' bias of each byte is removed
// once at the end.
func csumDigit(s string) byte {
	n := len(s)
	var even, odd uint64
	i := 0
	for ; i+8 <= n; i += 8 {
		even, odd = addLanes(le64(s[i:i+8]), even, odd)
	}
	if i < n && n >= 8 {
		// The tail: the last eight bytes, minus those already added,
		// shifted so the byte at offset i (even) is the lowest lane.
		even, odd = addLanes(le64(s[n-8:])>>(8*(i-(n-8))), even, odd)
	} else {
		for ; i < n; i++ {
			if i&1 == 0 {
				even += uint64(s[i])
			} else {
				odd += uint64(s[i])
			}
		}
	}
	return csumOfLanes(even, odd, n)
}

// csumOfLanes turns the byte sums of n digits, at even and at odd
// offsets, into their check digit.
func csumOfLanes(even, odd uint64, n int) byte {
	even -= '0' * uint64((n+1)/2)
	odd -= '0' * uint64(n/2)
	sum := even + 3*odd // n even: the rightmost digit (odd offset) weighs 3
	if n&1 == 1 {
		sum = 3*even + odd
	}
	return byte((10-sum%10)%10) + '0'
}

// addLanes adds the bytes of x at even offsets to even and those at odd
// offsets to odd.
func addLanes(x, even, odd uint64) (uint64, uint64) {
	const lanes, fold = 0x00FF00FF00FF00FF, 0x0001000100010001
	return even + (x&lanes)*fold>>48, odd + (x>>8&lanes)*fold>>48
}

// le64 loads eight bytes little-endian (one bounds check, one load).
func le64(v string) uint64 {
	_ = v[7]
	return uint64(v[0]) | uint64(v[1])<<8 | uint64(v[2])<<16 | uint64(v[3])<<24 |
		uint64(v[4])<<32 | uint64(v[5])<<40 | uint64(v[6])<<48 | uint64(v[7])<<56
}

func checkCsum(v string) (lintFail, bool) {
	// Only N components carry csum, so v is already known to be digits.
	if len(v) == 0 {
		return lintFail{0, codeLength, "is empty"}, false
	}
	want := csumDigit(v[:len(v)-1])
	if got := v[len(v)-1]; got != want {
		return lintFail{len(v) - 1, codeCheckDigit, fmt.Sprintf("check digit is %c but should be %c: the number is misprinted or was misread — rescan, or key it from the label", got, want)}, false
	}
	return lintFail{}, true
}

// cset82 lists CSET 82 in the order that gives each character its value
// for the alphanumeric check pair; cset32 the check characters.
const (
	cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
	cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
)

var primes = [...]int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
	97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199,
	211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337,
	347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463,
	467, 479, 487, 491, 499, 503, 509}

// checkCsumAlpha verifies the two check characters that end alphanumeric
// keys (GMN, MUDI): data characters weighted by primes from the right,
// sum mod 1021 split into two 5-bit CSET 32 characters.
func checkCsumAlpha(v string) (lintFail, bool) {
	if len(v) < 2 {
		return lintFail{0, codeLength, "is too short to hold its two check characters"}, false
	}
	if len(v)-2 > len(primes) {
		return lintFail{0, codeLength, "is too long for a check character pair"}, false
	}
	sum := 0
	n := len(v) - 2
	for i := 0; i < n; i++ {
		k := strings.IndexByte(cset82, v[i])
		if k < 0 {
			return lintFail{i, codeCharset, fmt.Sprintf("%q is not allowed here", v[i])}, false
		}
		sum += k * primes[n-1-i]
	}
	sum %= 1021
	for i := n; i < len(v); i++ {
		if strings.IndexByte(cset32, v[i]) < 0 {
			return lintFail{i, codeCheckDigit, fmt.Sprintf("check character %q is not one of %s", v[i], cset32)}, false
		}
	}
	if v[n] != cset32[sum>>5] || v[n+1] != cset32[sum&31] {
		return lintFail{n, codeCheckDigit, fmt.Sprintf("check characters are %s but should be %c%c: misprinted or misread — rescan", v[n:], cset32[sum>>5], cset32[sum&31])}, false
	}
	return lintFail{}, true
}

// checkGCP: a GS1 Company Prefix (at least four digits) starts at off.
func checkGCP(v string, off int) (lintFail, bool) {
	if len(v) < off+4 {
		return lintFail{off, codeContent, "is too short to start with a GS1 Company Prefix"}, false
	}
	for i := off; i < off+4; i++ {
		if v[i] < '0' || v[i] > '9' {
			return lintFail{i, codeContent, "must start with a GS1 Company Prefix (at least four digits)"}, false
		}
	}
	return lintFail{}, true
}

func checkRange(v string, lo, hi int, code, what string) (lintFail, bool) {
	if len(v) != 2 || !allDigits(v) {
		return lintFail{0, code, fmt.Sprintf("%s %q is not two digits", what, v)}, false
	}
	if n := d2(v); n < lo || n > hi {
		return lintFail{0, code, fmt.Sprintf("%s %s does not exist (%02d–%02d)", what, v, lo, hi)}, false
	}
	return lintFail{}, true
}

func checkMax(v string, max uint64, what string) (lintFail, bool) {
	var n uint64
	for i := 0; i < len(v); i++ {
		n = n*10 + uint64(v[i]-'0')
	}
	if len(v) != 10 || n > max {
		return lintFail{0, codeContent, fmt.Sprintf("%s %s is out of range (0000000000–%010d)", what, v, max)}, false
	}
	return lintFail{}, true
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// checkDate validates YYMMDD; with zeroDay, DD=00 (end of month) is valid.
// February 29 is accepted when YY is divisible by 4, as the GS1 linters do
// (the century is not known to a pure syntax check).
func checkDate(v string, zeroDay bool) (lintFail, bool) {
	if len(v) != 6 || !allDigits(v) {
		return lintFail{0, codeDate, "date must be 6 digits, YYMMDD"}, false
	}
	yy, mm, dd := d2(v), d2(v[2:]), d2(v[4:])
	return checkYMD(yy%4 == 0, mm, dd, zeroDay, 2, v)
}

func checkYMD(leap bool, mm, dd int, zeroDay bool, moff int, v string) (lintFail, bool) {
	if mm < 1 || mm > 12 {
		return lintFail{moff, codeDate, fmt.Sprintf("month %02d does not exist in date %s", mm, v)}, false
	}
	days := daysIn(2001, mm)
	if mm == 2 && leap {
		days = 29
	}
	if dd == 0 && zeroDay {
		return lintFail{}, true
	}
	if dd < 1 || dd > days {
		return lintFail{moff + 2, codeDate, fmt.Sprintf("day %02d does not exist in %s (date %s)", dd, monthNames[mm], v)}, false
	}
	return lintFail{}, true
}

func checkDate8(v string) (lintFail, bool) {
	if len(v) != 8 || !allDigits(v) {
		return lintFail{0, codeDate, "date must be 8 digits, YYYYMMDD"}, false
	}
	y := atoiDigits(v[:4])
	return checkYMD(isLeap(y), d2(v[4:]), d2(v[6:]), false, 4, v)
}

func checkIBAN(v string) (lintFail, bool) {
	if len(v) < 4 || !setAlpha2.has(v[:2]) {
		return lintFail{0, codeContent, "an IBAN must start with a two-letter country code"}, false
	}
	if len(v) > 34 {
		return lintFail{0, codeLength, "an IBAN has at most 34 characters"}, false
	}
	if len(v) <= 10 {
		return lintFail{0, codeLength, "is too short for an IBAN"}, false
	}
	sum := 0
	for k := 4; k < len(v)+4; k++ {
		i := k
		if i >= len(v) {
			i -= len(v)
		}
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			sum = (sum*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			sum = (sum*100 + int(c-'A') + 10) % 97
		default:
			return lintFail{i, codeCharset, fmt.Sprintf("%q is not allowed in an IBAN (digits and capital letters only)", c)}, false
		}
	}
	if sum != 1 {
		return lintFail{2, codeCheckDigit, "IBAN check digits are wrong: misprinted or misread"}, false
	}
	return lintFail{}, true
}

func checkPosInSeq(v string) (lintFail, bool) {
	p, e, ok := strings.Cut(v, "/")
	if !ok || p == "" || e == "" || !allDigits(p) || !allDigits(e) {
		return lintFail{0, codeContent, fmt.Sprintf("%q is not a position in a sequence, like 1/3", v)}, false
	}
	if p[0] == '0' || e[0] == '0' {
		return lintFail{0, codeContent, "position and total must not be 0 or start with 0"}, false
	}
	if len(p) > len(e) || len(p) == len(e) && p > e {
		return lintFail{0, codeContent, fmt.Sprintf("position %s is beyond the end %s", p, e)}, false
	}
	return lintFail{}, true
}
