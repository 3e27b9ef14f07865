package hub

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// csvColumns are the columns a CSV file may have; a row fills the record
// fields, and the line columns (line, gtin, lot, serial, qty, from) of a
// document row add one document line.
var csvColumns = map[string]bool{
	"type": true, "gtin": true, "sku": true, "name": true, "tracking": true, "expiry_required": true, "uom": true,
	"code": true, "barcode": true, "kind": true, "warehouse": true, "lot": true, "expiry": true, "best_before": true,
	"production": true, "status": true, "id": true, "badge": true, "pin": true, "pin_hash": true, "active": true,
	"supplier": true, "customer": true, "sales_order": true, "line": true, "serial": true, "qty": true, "from": true,
	"min_shelf_life_days": true, "label": true,
}

func (p *importParser) csv(data []byte) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	header, err := cr.Read()
	if err != nil {
		p.fail(1, "cannot read the header row: %v", err)
		return
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !csvColumns[h] {
			p.fail(1, "unknown column %q", h)
			continue
		}
		if _, dup := col[h]; dup {
			p.fail(1, "column %q twice", h)
		}
		col[h] = i
	}
	if _, ok := col["type"]; !ok {
		p.fail(1, "no type column")
	}
	if len(p.errs) > 0 {
		return
	}
	p.docs, p.docLine = map[string]*importRecord{}, map[string]int{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			p.fail(line, "%v", err)
			if !errors.Is(err, csv.ErrFieldCount) {
				return
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(header) {
			p.fail(line, "%d fields, the header has %d", len(row), len(header))
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		rec := importRecord{Type: get("type"), GTIN: get("gtin"), SKU: get("sku"), Name: get("name"), Tracking: get("tracking"),
			UOM: get("uom"), Code: get("code"), Barcode: get("barcode"), Kind: get("kind"), Warehouse: get("warehouse"),
			Lot: get("lot"), Expiry: get("expiry"), BestBefore: get("best_before"), Production: get("production"), Status: get("status"),
			ID: get("id"), Badge: get("badge"), PIN: get("pin"), PINHash: get("pin_hash"), Supplier: get("supplier"),
			Customer: get("customer"), SalesOrder: get("sales_order"), Label: get("label")}
		ok := true
		if v := get("min_shelf_life_days"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				p.fail(line, "min_shelf_life_days %q: want a whole number of days", v)
				ok = false
			}
			rec.MinShelfLifeDays = &n
		}
		for _, b := range []struct {
			name string
			dst  **bool
		}{{"expiry_required", &rec.ExpiryRequired}, {"active", &rec.Active}} {
			if v := get(b.name); v != "" {
				x, err := strconv.ParseBool(v)
				if err != nil {
					p.fail(line, "%s %q: want true or false", b.name, v)
					ok = false
				}
				*b.dst = &x
			}
		}
		if !ok {
			continue
		}
		t := importTypes[strings.ToLower(rec.Type)]
		if t == "purchase_order" || t == "pick_list" || t == "sales_order" || t == "return" {
			p.csvDocRow(line, t, &rec, get)
			continue
		}
		p.add(line, &rec)
	}
	for _, k := range p.docOrder {
		p.add(p.docLine[k], p.docs[k])
	}
}

// csvDocRow adds one CSV row to its document: the first row of a document
// sets its header fields, later rows must agree with it.
func (p *importParser) csvDocRow(line int, t string, rec *importRecord, get func(string) string) {
	l := importLine{GTIN: get("gtin"), Lot: get("lot"), Serial: get("serial"), From: get("from")}
	if v := get("line"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			p.fail(line, "line %q: want a positive number", v)
			return
		}
		l.Line = n
	}
	if v := get("qty"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.fail(line, "qty %q: want a whole number", v)
			return
		}
		l.Qty = n
	}
	key := t + "/" + rec.ID
	d, ok := p.docs[key]
	if !ok {
		doc := *rec
		doc.Type, doc.GTIN, doc.Lot = t, "", ""
		p.docs[key], p.docLine[key] = &doc, line
		p.docOrder = append(p.docOrder, key)
		d = &doc
	} else {
		for _, f := range []struct{ name, a, b string }{
			{"supplier", d.Supplier, rec.Supplier}, {"customer", d.Customer, rec.Customer},
			{"sales_order", d.SalesOrder, rec.SalesOrder}, {"status", d.Status, rec.Status},
			{"min_shelf_life_days", daysText(d.MinShelfLifeDays), daysText(rec.MinShelfLifeDays)},
		} {
			if f.b != "" && f.b != f.a {
				p.fail(line, "%s %s: %s %q differs from %q on line %d", t, rec.ID, f.name, f.b, f.a, p.docLine[key])
			}
		}
	}
	if l.GTIN != "" || l.Qty != 0 {
		d.Lines = append(d.Lines, l)
	}
}

// daysText is a CSV row's min_shelf_life_days as given, "" when absent.
func daysText(d *int) string {
	if d == nil {
		return ""
	}
	return strconv.Itoa(*d)
}
