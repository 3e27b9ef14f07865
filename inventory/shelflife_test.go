package inventory

import "testing"

func TestShelfLife(t *testing.T) {
	if d := ShelfLifeDays(Product{MinShelfLifeDays: 90}, SalesOrder{MinShelfLifeDays: 180}); d != 180 {
		t.Fatalf("customer stricter: %d", d)
	}
	if d := ShelfLifeDays(Product{MinShelfLifeDays: 90}, SalesOrder{MinShelfLifeDays: 30}); d != 90 {
		t.Fatalf("product stricter: %d", d)
	}
	for _, tc := range []struct {
		expiry, today string
		days          int
		need          string
		short         bool
	}{
		{"2027-05-24", "2026-11-26", 179, "2027-05-24", false}, // exactly enough
		{"2027-05-24", "2026-11-26", 180, "2027-05-25", true},
		{"2027-12-31", "2026-11-26", 180, "2027-05-25", false},
		{"2026-12-01", "2026-11-26", 0, "", false},
		{"", "2026-11-26", 180, "", false},
		{"2026-12-01", "", 180, "", false},
		{"2026-13-01", "2026-11-26", 180, "", false},
	} {
		need, short := ShelfLifeShort(tc.expiry, tc.today, tc.days)
		if need != tc.need || short != tc.short {
			t.Errorf("ShelfLifeShort(%q, %q, %d) = %q, %v; want %q, %v", tc.expiry, tc.today, tc.days, need, short, tc.need, tc.short)
		}
	}
}
