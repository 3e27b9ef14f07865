package gs1

import "fmt"

// Coupon linters for AIs 8110 (North American Coupon Code) and 8112
// (positive offer file coupon). Both are digit strings of fields, several
// of them preceded by a one-digit variable length indicator (VLI).

// couponReader walks a coupon field by field, remembering the first failure.
type couponReader struct {
	v    string
	p    int
	fail lintFail
	bad  bool
}

func (r *couponReader) failf(off int, format string, args ...any) {
	if !r.bad {
		r.bad = true
		r.fail = lintFail{off, codeContent, "coupon: " + fmt.Sprintf(format, args...)}
	}
}

// digit reads one digit that must satisfy ok.
func (r *couponReader) digit(what string, ok func(int) bool) int {
	if r.bad {
		return 0
	}
	if r.p >= len(r.v) {
		r.failf(r.p, "%s is missing", what)
		return 0
	}
	d := int(r.v[r.p] - '0')
	if !ok(d) {
		r.failf(r.p, "%s %d is not valid", what, d)
		return 0
	}
	r.p++
	return d
}

// take skips n digits of a field.
func (r *couponReader) take(n int, what string) string {
	if r.bad {
		return ""
	}
	if len(r.v)-r.p < n {
		r.failf(r.p, "%s is cut short (needs %d digits)", what, n)
		return ""
	}
	s := r.v[r.p : r.p+n]
	r.p += n
	return s
}

func (r *couponReader) gcp(n int, what string) {
	s := r.take(n, what)
	if !r.bad {
		if f, ok := checkGCP(s, 0); !ok {
			r.failf(r.p-n+f.off, "%s %s", what, f.msg)
		}
	}
}

func (r *couponReader) date(what string) string {
	s := r.take(6, what)
	if !r.bad {
		if f, ok := checkDate(s, false); !ok {
			r.failf(r.p-6+f.off, "%s: %s", what, f.msg)
		}
	}
	return s
}

func (r *couponReader) opt(tag byte) bool {
	if !r.bad && r.p < len(r.v) && r.v[r.p] == tag {
		r.p++
		return true
	}
	return false
}

func upTo(n int) func(int) bool  { return func(d int) bool { return d <= n } }
func oneTo(n int) func(int) bool { return func(d int) bool { return d >= 1 && d <= n } }
func reqCode(d int) bool         { return d <= 4 || d == 9 }
func gcpVLI2(d int) bool         { return d <= 6 || d == 9 }
func anyDigit(int) bool          { return true }

func couponDigits(v string) (lintFail, bool) {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return lintFail{i, codeCharset, "coupon data must be digits only"}, false
		}
	}
	return lintFail{}, true
}

func checkCouponCode(v string) (lintFail, bool) {
	if f, ok := couponDigits(v); !ok {
		return f, false
	}
	r := &couponReader{v: v}
	r.gcp(r.digit("GS1 Company Prefix length", upTo(6))+6, "GS1 Company Prefix")
	r.take(6, "offer code")
	r.take(r.digit("save value length", oneTo(5)), "save value")
	r.take(r.digit("first purchase requirement length", oneTo(5)), "first purchase requirement")
	r.digit("first purchase requirement code", reqCode)
	r.take(3, "first purchase family code")
	if r.opt('1') {
		r.digit("additional purchase rules code", upTo(3))
		r.take(r.digit("second purchase requirement length", oneTo(5)), "second purchase requirement")
		r.digit("second purchase requirement code", reqCode)
		r.take(3, "second purchase family code")
		if d := r.digit("second purchase GS1 Company Prefix length", gcpVLI2); d != 9 && !r.bad {
			r.gcp(d+6, "second purchase GS1 Company Prefix")
		}
	}
	if r.opt('2') {
		r.take(r.digit("third purchase requirement length", oneTo(5)), "third purchase requirement")
		r.digit("third purchase requirement code", reqCode)
		r.take(3, "third purchase family code")
		if d := r.digit("third purchase GS1 Company Prefix length", gcpVLI2); d != 9 && !r.bad {
			r.gcp(d+6, "third purchase GS1 Company Prefix")
		}
	}
	var expiry string
	if r.opt('3') {
		expiry = r.date("expiration date")
	}
	if r.opt('4') {
		start := r.date("start date")
		if !r.bad && expiry != "" && start > expiry {
			r.failf(r.p-14, "expiration date %s is before start date %s", expiry, start)
		}
	}
	if r.opt('5') {
		r.take(r.digit("serial number length", anyDigit)+6, "serial number")
	}
	if r.opt('6') {
		r.gcp(r.digit("retailer GCP/GLN length", oneTo(7))+6, "retailer GCP/GLN")
	}
	if r.opt('9') {
		r.digit("save value code", func(d int) bool { return d <= 2 || d == 5 || d == 6 })
		r.digit("save value applies to item", upTo(2))
		r.digit("store coupon flag", anyDigit)
		r.digit("don't multiply flag", upTo(1))
	}
	if !r.bad && r.p != len(v) {
		r.failf(r.p, "unexpected data after the last field")
	}
	return r.fail, !r.bad
}

func checkCouponPosOffer(v string) (lintFail, bool) {
	if f, ok := couponDigits(v); !ok {
		return f, false
	}
	r := &couponReader{v: v}
	r.digit("format code", upTo(1))
	r.take(r.digit("funder ID length", upTo(6))+6, "funder ID")
	r.take(6, "offer code")
	r.take(r.digit("serial number length", anyDigit)+6, "serial number")
	if !r.bad && r.p != len(v) {
		r.failf(r.p, "unexpected data after the serial number")
	}
	return r.fail, !r.bad
}
