package hub

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scanterm/scanterm/inventory"
)

// ImportError is one problem in an import file, reported as FILE:LINE:
// reason. Line 0 means the file as a whole.
type ImportError struct {
	File   string
	Line   int
	Reason string
}

func (e *ImportError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Reason
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}

// maxImportErrors bounds how many problems one parse reports.
const maxImportErrors = 50

// importRecord is the union of every record type's fields, as one JSON
// line or one CSV row carries them.
type importRecord struct {
	Type           string `json:"type"`
	GTIN           string `json:"gtin"`
	SKU            string `json:"sku"`
	Name           string `json:"name"`
	Tracking       string `json:"tracking"`
	ExpiryRequired *bool  `json:"expiry_required"`
	UOM            string `json:"uom"`
	Code           string `json:"code"`
	Barcode        string `json:"barcode"`
	Kind           string `json:"kind"`
	Warehouse      string `json:"warehouse"`
	Lot            string `json:"lot"`
	Expiry         string `json:"expiry"`
	BestBefore     string `json:"best_before"`
	Production     string `json:"production"`
	Status         string `json:"status"`
	ID             string `json:"id"`
	Badge          string `json:"badge"`
	PIN            string `json:"pin"`
	PINHash        string `json:"pin_hash"`
	Active         *bool  `json:"active"`
	Supplier       string `json:"supplier"`
	Customer       string `json:"customer"`
	SalesOrder     string `json:"sales_order"`
	// MinShelfLifeDays: a product's or a sales order's (its customer's)
	// minimum remaining shelf life in days.
	MinShelfLifeDays *int         `json:"min_shelf_life_days"`
	Label            string       `json:"label"` // a reason's text on the handheld
	Lines            []importLine `json:"lines"`
}

type importLine struct {
	Line   int    `json:"line"`
	GTIN   string `json:"gtin"`
	Lot    string `json:"lot"`
	Serial string `json:"serial"`
	Qty    int64  `json:"qty"`
	From   string `json:"from"`
}

// Record types an import file may carry.
var importTypes = map[string]string{
	"product": "product", "location": "location", "lot": "lot", "operator": "operator",
	"purchase_order": "purchase_order", "pick_list": "pick_list", "sales_order": "sales_order",
	"return": "return", "return_auth": "return", "return_authorisation": "return", "return_authorization": "return",
	"reason": "reason",
}

// maxShelfLifeDays bounds a minimum remaining shelf life: ten years is
// longer than any product keeps.
const maxShelfLifeDays = 3650

// maxReasonLabel is the longest reason label: the handheld shows it whole
// beside its number on a 30-column screen.
const maxReasonLabel = 26

// ParseImport reads master data and documents from r, CSV or JSON lines
// (by the file name's extension, else by its first character), validates
// every record and returns them as one batch. Any problem fails the whole
// file: the error joins *ImportError values, FILE:LINE: reason each.
//
// known, when not nil, says whether a product is already on the hub: a lot
// or document line naming a product neither in the file nor known is an
// error. With known nil such references are not checked.
func ParseImport(name string, r io.Reader, known func(gtin string) bool) (Batch, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Batch{}, &ImportError{File: name, Reason: err.Error()}
	}
	p := &importParser{file: name, seen: map[string]int{}}
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".csv":
		p.csv(data)
	case ext == ".jsonl" || ext == ".ndjson" || ext == ".json":
		p.jsonl(data)
	case bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("{")):
		p.jsonl(data)
	default:
		p.csv(data)
	}
	if known != nil && len(p.errs) == 0 {
		inFile := map[string]bool{}
		for _, pr := range p.b.Products {
			inFile[pr.GTIN] = true
		}
		for _, ref := range p.refs {
			if !inFile[ref.gtin] && !known(ref.gtin) {
				p.fail(ref.line, "%s: product %s is neither in this file nor on the hub; import the product first", ref.what, ref.gtin)
			}
		}
	}
	if len(p.errs) == 0 && p.b.Len() == 0 {
		p.fail(0, "no records; see docs/import-formats.md")
	}
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].(*ImportError).Line < p.errs[j].(*ImportError).Line })
		return Batch{}, errors.Join(p.errs...)
	}
	return p.b, nil
}

type importParser struct {
	file string
	b    Batch
	errs []error
	seen map[string]int // type/key -> line first seen
	// CSV documents are assembled from several rows.
	docs     map[string]*importRecord
	docLine  map[string]int
	docOrder []string
	refs     []productRef
}

// productRef is a record naming a product, checked once the file is read.
type productRef struct {
	line       int
	what, gtin string
}

func (p *importParser) fail(line int, format string, args ...any) {
	if len(p.errs) == maxImportErrors {
		p.errs = append(p.errs, &ImportError{File: p.file, Line: line, Reason: "too many errors; stopping"})
	}
	if len(p.errs) > maxImportErrors {
		return
	}
	p.errs = append(p.errs, &ImportError{File: p.file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (p *importParser) jsonl(data []byte) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxImportLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if err := checkJSONLine(line); err != nil {
			p.fail(n, "not a valid record: %v", err)
			continue
		}
		var rec importRecord
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			p.fail(n, "not a valid record: %v", err)
			continue
		}
		if dec.More() {
			p.fail(n, "more than one JSON value on the line")
			continue
		}
		p.add(n, &rec)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		p.fail(n+1, "line longer than the limit of %d MiB; split the record or the file", maxImportLine>>20)
	} else if err != nil {
		p.fail(n+1, "%v", err)
	}
}

var validDate = func(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// add validates one record and adds it to the batch.
func (p *importParser) add(line int, r *importRecord) {
	t, ok := importTypes[strings.ToLower(r.Type)]
	if !ok {
		p.fail(line, "type %q: want product, location, lot, operator, reason, purchase_order, pick_list, sales_order or return", r.Type)
		return
	}
	before := len(p.errs)
	bad := func(format string, args ...any) { p.fail(line, t+": "+format, args...) }
	checkValues(r, bad)
	gtin := func(what, g string) string {
		n, err := NormalizeGTIN(g)
		if err != nil {
			bad("%s: %v", what, err)
		}
		return n
	}
	date := func(what, d string) {
		if d != "" && !validDate(d) {
			bad("%s %q: want YYYY-MM-DD", what, d)
		}
	}
	days := 0 // a product's or an order's minimum remaining shelf life
	if d := r.MinShelfLifeDays; d != nil {
		switch {
		case t != "product" && t != "sales_order":
			bad("min_shelf_life_days: only a product or a sales_order has one")
		case *d < 0 || *d > maxShelfLifeDays:
			bad("min_shelf_life_days %d: want 0 to %d", *d, maxShelfLifeDays)
		default:
			days = *d
		}
	}
	var key string
	switch t {
	case "reason":
		rs := inventory.Reason{Code: r.Code, Label: r.Label, Active: true}
		if r.Code == "" {
			bad("no code")
		}
		if r.Label == "" {
			bad("no label")
		}
		if n := utf8.RuneCountInString(r.Label); n > maxReasonLabel {
			bad("label %q: %d characters, at most %d (the handheld shows it whole)", r.Label, n, maxReasonLabel)
		}
		if r.Active != nil {
			rs.Active = *r.Active
		}
		key = rs.Code
		if len(p.errs) == before {
			p.b.Reasons = append(p.b.Reasons, rs)
		}
	case "product":
		pr := inventory.Product{GTIN: gtin("gtin", r.GTIN), SKU: r.SKU, Name: r.Name, Tracking: inventory.Tracking(r.Tracking), UOM: r.UOM}
		if pr.Tracking == "" {
			pr.Tracking = inventory.TrackNone
		}
		if pr.Tracking != inventory.TrackNone && pr.Tracking != inventory.TrackLot && pr.Tracking != inventory.TrackSerial {
			bad("tracking %q: want none, lot or serial", r.Tracking)
		}
		if r.Name == "" {
			bad("no name")
		}
		if r.ExpiryRequired != nil {
			pr.ExpiryRequired = *r.ExpiryRequired
		}
		pr.MinShelfLifeDays = days
		key = pr.GTIN
		if len(p.errs) == before {
			p.b.Products = append(p.b.Products, pr)
		}
	case "location":
		l := inventory.Location{Code: r.Code, Barcode: r.Barcode, Kind: inventory.LocationKind(r.Kind), Warehouse: r.Warehouse}
		if r.Code == "" {
			bad("no code")
		}
		switch l.Kind {
		case inventory.LocDock, inventory.LocBin, inventory.LocStaging, inventory.LocQuarantine:
		default:
			bad("kind %q: want dock, bin, staging or quarantine", r.Kind)
		}
		if r.Warehouse == "" {
			bad("no warehouse")
		}
		// The label carries the barcode, or the code when there is none; a
		// GLN/extension that no scanner would accept is refused here rather
		// than found at the rack.
		label := l.Barcode
		if label == "" {
			label = l.Code
		}
		if err := CheckLocationBarcode(label); err != nil {
			bad("%v", err)
		}
		key = l.Code
		if len(p.errs) == before {
			p.b.Locations = append(p.b.Locations, l)
		}
	case "lot":
		l := inventory.Lot{GTIN: gtin("gtin", r.GTIN), Lot: r.Lot, Expiry: r.Expiry, BestBefore: r.BestBefore, Production: r.Production, Status: inventory.LotStatus(r.Status)}
		if r.Lot == "" {
			bad("no lot")
		}
		date("expiry", r.Expiry)
		date("best_before", r.BestBefore)
		date("production", r.Production)
		if l.Status == "" {
			l.Status = inventory.LotReleased
		}
		if l.Status != inventory.LotReleased && l.Status != inventory.LotQuarantine && l.Status != inventory.LotRecalled {
			bad("status %q: want released, quarantine or recalled", r.Status)
		}
		key = l.GTIN + "/" + l.Lot
		if len(p.errs) == before {
			p.b.Lots = append(p.b.Lots, l)
			p.refs = append(p.refs, productRef{line, "lot " + l.Lot, l.GTIN})
		}
	case "operator":
		o := inventory.Operator{ID: r.ID, Name: r.Name, Badge: r.Badge, PINHash: r.PINHash, Active: true}
		if r.ID == "" {
			bad("no id")
		}
		if r.Name == "" {
			bad("no name")
		}
		if r.Active != nil {
			o.Active = *r.Active
		}
		switch {
		case r.PIN != "" && r.PINHash != "":
			bad("give pin or pin_hash, not both")
		case r.PIN != "":
			if len(r.PIN) < 4 || strings.Trim(r.PIN, "0123456789") != "" {
				bad("pin: want 4 or more digits")
			}
			o.PINHash = inventory.PINHash(r.ID, r.PIN)
		case r.PINHash != "":
			if len(r.PINHash) != 64 || strings.Trim(r.PINHash, "0123456789abcdef") != "" {
				bad("pin_hash: want 64 lowercase hex digits (inventory.PINHash)")
			}
		}
		key = o.ID
		if len(p.errs) == before {
			p.b.Operators = append(p.b.Operators, o)
		}
	default:
		p.addDoc(line, t, r, bad, gtin, days)
		key = r.ID
	}
	k := t + "/" + key
	if first, dup := p.seen[k]; dup && len(p.errs) == before {
		p.fail(line, "%s %s already on line %d", t, key, first)
	} else if !dup {
		p.seen[k] = line
	}
}

func (p *importParser) addDoc(line int, t string, r *importRecord, bad func(string, ...any), gtin func(string, string) string, days int) {
	before := len(p.errs)
	if r.ID == "" {
		bad("no id")
	}
	status := inventory.DocStatus(r.Status)
	if status == "" {
		status = inventory.DocOpen
	}
	if status != inventory.DocOpen && status != inventory.DocClosed {
		bad("status %q: want open or closed", r.Status)
	}
	if len(r.Lines) == 0 {
		bad("%s has no lines", r.ID)
	}
	used := map[int]bool{}
	for i := range r.Lines {
		l := &r.Lines[i]
		if l.Line == 0 {
			l.Line = i + 1
		}
		if used[l.Line] {
			bad("line %d twice", l.Line)
		}
		used[l.Line] = true
		l.GTIN = gtin(fmt.Sprintf("line %d gtin", l.Line), l.GTIN)
		if l.Qty <= 0 {
			bad("line %d: qty %d must be positive", l.Line, l.Qty)
		}
	}
	sort.SliceStable(r.Lines, func(i, j int) bool { return r.Lines[i].Line < r.Lines[j].Line })
	if len(p.errs) == before {
		for _, l := range r.Lines {
			p.refs = append(p.refs, productRef{line, fmt.Sprintf("%s %s line %d", t, r.ID, l.Line), l.GTIN})
		}
	}
	switch t {
	case "purchase_order":
		if r.Supplier == "" {
			bad("no supplier")
		}
	case "pick_list", "return":
		if r.SalesOrder == "" {
			bad("no sales_order")
		}
	case "sales_order":
		if r.Customer == "" {
			bad("no customer")
		}
	}
	if len(p.errs) != before {
		return
	}
	switch t {
	case "purchase_order":
		d := inventory.PurchaseOrder{ID: r.ID, Supplier: r.Supplier, Status: status}
		for _, l := range r.Lines {
			d.Lines = append(d.Lines, inventory.POLine{Line: l.Line, GTIN: l.GTIN, Qty: l.Qty})
		}
		p.b.PurchaseOrders = append(p.b.PurchaseOrders, d)
	case "pick_list":
		d := inventory.PickList{ID: r.ID, SalesOrder: r.SalesOrder, Status: status}
		for _, l := range r.Lines {
			d.Lines = append(d.Lines, inventory.PickLine{Line: l.Line, GTIN: l.GTIN, Lot: l.Lot, Qty: l.Qty, From: l.From})
		}
		p.b.PickLists = append(p.b.PickLists, d)
	case "sales_order":
		d := inventory.SalesOrder{ID: r.ID, Customer: r.Customer, Status: status, MinShelfLifeDays: days}
		for _, l := range r.Lines {
			d.Lines = append(d.Lines, inventory.SOLine{Line: l.Line, GTIN: l.GTIN, Qty: l.Qty})
		}
		p.b.SalesOrders = append(p.b.SalesOrders, d)
	case "return":
		d := inventory.ReturnAuth{ID: r.ID, SalesOrder: r.SalesOrder, Customer: r.Customer, Status: status}
		for _, l := range r.Lines {
			d.Lines = append(d.Lines, inventory.RetLine{Line: l.Line, GTIN: l.GTIN, Lot: l.Lot, Serial: l.Serial, Qty: l.Qty})
		}
		p.b.Returns = append(p.b.Returns, d)
	}
}

// NormalizeGTIN checks a GTIN-8, -12, -13 or -14 (digits and check digit)
// and returns it as 14 digits.
func NormalizeGTIN(g string) (string, error) {
	switch len(g) {
	case 8, 12, 13, 14:
	case 0:
		return "", errors.New("missing")
	default:
		return "", fmt.Errorf("%q has %d digits, want 8, 12, 13 or 14", g, len(g))
	}
	if strings.Trim(g, "0123456789") != "" {
		return "", fmt.Errorf("%q: only digits are allowed", g)
	}
	g = strings.Repeat("0", 14-len(g)) + g
	if want := checkDigit(g[:13]); g[13] != want {
		return "", fmt.Errorf("%q: check digit %c, want %c", strings.TrimLeft(g, "0"), g[13], want)
	}
	return g, nil
}

// checkDigit is the GS1 mod-10 check digit of 13 digits.
func checkDigit(d string) byte {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 0 {
			n *= 3
		}
		sum += n
	}
	return byte('0' + (10-sum%10)%10)
}

// ImportFile parses an import file and imports it into st all or nothing;
// references to products may name products already on the hub.
func ImportFile(ctx context.Context, st Store, name string, r io.Reader, now time.Time) (ImportResult, error) {
	m, err := st.Master(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	known := map[string]bool{}
	for _, p := range m.Products {
		known[p.GTIN] = true
	}
	b, err := ParseImport(name, r, func(gtin string) bool { return known[gtin] })
	if err != nil {
		return ImportResult{}, err
	}
	return st.Import(ctx, b, now)
}
