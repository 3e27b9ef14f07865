package hub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/scanterm/scanterm/inventory"
)

// maxImportLine bounds one JSON line of an import file: far above any
// real record (a pick list of 10,000 lines is about 1 MiB), low enough
// that one line cannot take the hub's memory.
const maxImportLine = 4 << 20

// checkJSONLine refuses what encoding/json would let through silently:
// invalid UTF-8 (decoded as U+FFFD) and a key given twice (the last one
// wins), in the record or in any object inside it.
func checkJSONLine(line []byte) error {
	if !utf8.Valid(line) {
		return fmt.Errorf("not valid UTF-8 (byte %d); save the file as UTF-8", firstInvalid(line)+1)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if seen[key] {
					return fmt.Errorf("key %q given twice", key)
				}
				seen[key] = true
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(); err != nil {
		// A syntax error is reported by the decoder proper, with its
		// position; only a duplicate key is this check's to report.
		if _, ok := err.(*json.SyntaxError); ok {
			return nil
		}
		return err
	}
	return nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// checkValues holds a record's values to the domain's bounds: GS1 lots and
// serials, codes without spaces or paths, names of sane length, and no
// control characters or invalid UTF-8 anywhere. Empty values are left to
// the record type's own "no …" checks.
func checkValues(r *importRecord, bad func(string, ...any)) {
	check := func(err error) {
		if err != nil {
			bad("%v", err)
		}
	}
	text := func(field, v string, max int) {
		if v != "" {
			check(inventory.CheckText(field, v, max))
		}
	}
	code := func(field, v string) {
		if v != "" {
			check(inventory.CheckCode(field, v))
		}
	}
	text("name", r.Name, inventory.MaxTextLen)
	text("label", r.Label, inventory.MaxTextLen)
	text("supplier", r.Supplier, inventory.MaxTextLen)
	text("customer", r.Customer, inventory.MaxTextLen)
	text("sku", r.SKU, inventory.MaxCodeLen)
	text("uom", r.UOM, inventory.MaxCodeLen)
	text("badge", r.Badge, inventory.MaxCodeLen)
	text("barcode", r.Barcode, inventory.MaxCodeLen)
	code("code", r.Code)
	code("id", r.ID)
	code("warehouse", r.Warehouse)
	code("sales_order", r.SalesOrder)
	if r.Lot != "" {
		check(inventory.CheckLot(r.Lot))
	}
	for i := range r.Lines {
		l := &r.Lines[i]
		if l.Lot != "" {
			check(inventory.CheckLot(l.Lot))
		}
		if l.Serial != "" {
			check(inventory.CheckSerial(l.Serial))
		}
		code("from", l.From)
		if l.Qty > inventory.MaxQty {
			bad("line %d: qty %d: at most %d", l.Line, l.Qty, int64(inventory.MaxQty))
		}
	}
}
