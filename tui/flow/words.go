package flow

import (
	"fmt"
	"strings"

	"github.com/scanterm/scanterm/inventory"
)

// Words: how the engine names products, lots, counts and states on a
// 30-column screen.

// short names a product in a few characters: SKU, else name, else GTIN.
// ShortName is how every screen names a product in a line: its SKU, else
// its name (cut to 14), else its GTIN. Look-up, prompts and the F2 lists
// all use it, so one product reads the same everywhere.
func ShortName(p inventory.Product) string { return short(p) }

func short(p inventory.Product) string {
	switch {
	case p.SKU != "":
		return p.SKU
	case p.Name != "":
		return fitN(p.Name, 14)
	}
	return p.GTIN
}

// itemText names a product and its lot for a message: "SAL500 Lot L1".
func itemText(p inventory.Product, lot string) string {
	if lot == "" {
		return short(p)
	}
	return short(p) + " " + lotText(lot, "")
}

// lotText describes lot and expiry for a context line.
func lotText(lot, expiry string) string {
	switch {
	case lot != "" && expiry != "":
		return "Lot " + lot + " exp " + expiry
	case lot != "":
		return "Lot " + lot
	case expiry != "":
		return "Exp " + expiry
	}
	return ""
}

// units counts units in words: "1 unit", "5 units".
func units(n int64) string {
	if n == 1 {
		return "1 unit"
	}
	return fmt.Sprintf("%d units", n)
}

// plural is "1 line", "2 lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// listText joins up to max items and says how many more there are.
func listText(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s … (%d more)", strings.Join(items[:max], ", "), len(items)-max)
}

func statusWords(st inventory.SerialStatus) string {
	switch st {
	case inventory.SerialInStock:
		return "in stock"
	case inventory.SerialPicked:
		return "picked"
	case inventory.SerialShipped:
		return "shipped"
	case inventory.SerialReturned:
		return "returned"
	case inventory.SerialScrapped:
		return "written off" // a count's write-off (or an adjustment): the floor's word
	}
	return string(st)
}

// last4 shortens a pallet SSCC for a message: "…7893".
func last4(sscc string) string { return sscc[max(len(sscc)-4, 0):] }

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// fit cuts a line to the 30-column screen.
func fit(s string) string { return fitN(s, 30) }

func fitN(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
