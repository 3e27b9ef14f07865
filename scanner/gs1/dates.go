package gs1

import "time"

// century resolves a two-digit year with the GS1 century rule (GS1 General
// Specifications 7.12): with C the current year's last two digits,
// YY-C >= 51 is the previous century, YY-C <= -50 the next, else this one.
func century(yy int, now time.Time) int {
	y := now.Year()
	c := y % 100
	base := y - c
	switch d := yy - c; {
	case d >= 51:
		return base - 100 + yy
	case d <= -50:
		return base + 100 + yy
	}
	return base + yy
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func d2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// yymmddTime turns a validated YYMMDD (DD may be 00 = end of month) into
// midnight UTC of that day.
func yymmddTime(v string, now time.Time) (time.Time, bool) {
	for i := 0; i < 6; i++ {
		if v[i] < '0' || v[i] > '9' {
			return time.Time{}, false
		}
	}
	y := century(d2(v), now)
	m, d := d2(v[2:]), d2(v[4:])
	if m < 1 || m > 12 {
		return time.Time{}, false
	}
	if d == 0 {
		d = daysIn(y, m)
	}
	if d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// refTime is the year a message resolves two-digit years against (from
// Options.Now at parse time); 0 means the clock's year when asked. Only the
// year matters to the century rule, and an int keeps Message cheap to copy.
type refTime = int

func (m Message) now() time.Time {
	if m.ref == 0 {
		return time.Now()
	}
	return time.Date(m.ref, time.July, 1, 0, 0, 0, 0, time.UTC)
}

// okYYMMDD is quickLint's date check: a real month, and a day of it (or
// 00 when zeroDay allows "end of month").
func okYYMMDD(v string, zeroDay bool) bool {
	if len(v) != 6 {
		return false
	}
	mm, dd := d2(v[2:]), d2(v[4:])
	if mm < 1 || mm > 12 {
		return false
	}
	if dd == 0 {
		return zeroDay
	}
	return dd <= daysIn(2001, mm) || mm == 2 && dd == 29 && d2(v)%4 == 0
}
