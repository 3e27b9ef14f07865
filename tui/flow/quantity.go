package flow

import (
	"strconv"
	"strings"
)

// Quantities: reading a keyed quantity.

// parseQty reads a keyed quantity.
func parseQty(in Input) (int64, Verdict) {
	if !in.Keyed && (in.GTIN != "" || in.SSCC != "") {
		return 0, errorf("That is an item: key the QTY, or Esc")
	}
	t := text(in)
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || strings.HasPrefix(t, "+") {
		return 0, errorf("Key a quantity in digits, then Enter")
	}
	if n <= 0 {
		return 0, errorf("Quantity must be at least 1")
	}
	if n > 999999 {
		return 0, errorf("Quantity %d is too large", n)
	}
	return n, Verdict{}
}
