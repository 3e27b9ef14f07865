package inventory

import "time"

// Minimum remaining shelf life: a customer (a hospital, a retailer) takes
// only lots with at least so many days left before they expire, and a
// product may carry a minimum of its own. The terminal refuses such a lot
// at pick and ship; the hub checks every pick and ship it applies again.
// Both judge by this one rule.

// ShelfLifeDays is the minimum remaining shelf life that applies to a
// product on an order: the stricter (longer) of the product's and the
// customer's, 0 when neither sets one.
func ShelfLifeDays(p Product, so SalesOrder) int {
	return max(p.MinShelfLifeDays, so.MinShelfLifeDays, 0)
}

// ShelfLifeShort reports whether a lot expiring on expiry leaves less than
// days of shelf life on day today (both "YYYY-MM-DD"); need is the
// earliest expiry that would do (today + days). A lot without a readable
// expiry, a bad today or days <= 0 is never short.
func ShelfLifeShort(expiry, today string, days int) (need string, short bool) {
	if days <= 0 {
		return "", false
	}
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return "", false
	}
	if _, err := time.Parse(time.DateOnly, expiry); err != nil {
		return "", false
	}
	need = t.AddDate(0, 0, days).Format(time.DateOnly)
	return need, expiry < need
}
