package hub_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
)

func TestParseImportExamples(t *testing.T) {
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, f := range []string{"site.jsonl", "products.csv", "site.csv", "documents.csv"} {
		path := filepath.Join("..", "..", "testdata", "import", f)
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = hub.ImportFile(ctx, st, path, fh, time.Now())
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	m, err := st.Master(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var po *inventory.PurchaseOrder
	for i := range m.PurchaseOrders {
		if m.PurchaseOrders[i].ID == "PO-2002" {
			po = &m.PurchaseOrders[i]
		}
	}
	if po == nil || po.Supplier != "Acme Medical" || len(po.Lines) != 2 || po.Lines[1].GTIN != "09506000134376" || po.Lines[1].Qty != 20 {
		t.Fatalf("PO-2002 from CSV rows: %+v", po)
	}
	var op *inventory.Operator
	for i := range m.Operators {
		if m.Operators[i].ID == "1002" {
			op = &m.Operators[i]
		}
	}
	if op == nil || op.PINHash != inventory.PINHash("1002", "5678") || op.Badge != "OP1002" || !op.Active {
		t.Fatalf("operator 1002: %+v", op)
	}
}

func TestParseImportErrors(t *testing.T) {
	cases := []struct {
		name, file, data string
		want             []string // substrings, one per reported error, in order
	}{
		{"check digit", "a.jsonl", `{"type":"product","gtin":"09506000134353","name":"x"}`, []string{`a.jsonl:1: product: gtin: "9506000134353": check digit 3, want 2`}},
		{"unknown field", "a.jsonl", `{"type":"product","gtin":"09506000134352","name":"x","colour":"red"}`, []string{`a.jsonl:1: not a valid record: json: unknown field "colour"`}},
		{"unknown type", "a.jsonl", "\n\n{\"type\":\"pallet\"}", []string{`a.jsonl:3: type "pallet"`}},
		{"bad kind and no warehouse", "a.jsonl", `{"type":"location","code":"X","kind":"shelf"}`, []string{`a.jsonl:1: location: kind "shelf"`, `a.jsonl:1: location: no warehouse`}},
		{"duplicate", "a.jsonl", "{\"type\":\"location\",\"code\":\"X\",\"kind\":\"bin\",\"warehouse\":\"W\"}\n{\"type\":\"location\",\"code\":\"X\",\"kind\":\"bin\",\"warehouse\":\"W\"}", []string{`a.jsonl:2: location X already on line 1`}},
		{"unknown product", "a.jsonl", `{"type":"purchase_order","id":"P","supplier":"S","lines":[{"gtin":"09506000134352","qty":1}]}`, []string{`a.jsonl:1: purchase_order P line 1: product 09506000134352 is neither in this file nor on the hub`}},
		{"doc without lines", "a.jsonl", `{"type":"sales_order","id":"S","customer":"C"}`, []string{`a.jsonl:1: sales_order: S has no lines`}},
		{"pin and hash", "a.jsonl", `{"type":"operator","id":"1","name":"A","pin":"1234","pin_hash":"x"}`, []string{`give pin or pin_hash, not both`}},
		{"short pin", "a.jsonl", `{"type":"operator","id":"1","name":"A","pin":"12"}`, []string{`pin: want 4 or more digits`}},
		{"bad date", "a.jsonl", `{"type":"lot","gtin":"09506000134352","lot":"L","expiry":"31/01/2027"}`, []string{`expiry "31/01/2027": want YYYY-MM-DD`}},
		{"empty", "a.jsonl", "\n# nothing\n", []string{`a.jsonl: no records`}},
		{"csv unknown column", "a.csv", "type,gtin,colour\nproduct,09506000134352,red\n", []string{`a.csv:1: unknown column "colour"`}},
		{"csv no type", "a.csv", "gtin,name\n09506000134352,x\n", []string{`a.csv:1: no type column`}},
		{"csv bad bool", "a.csv", "type,gtin,name,expiry_required\nproduct,09506000134352,x,maybe\n", []string{`a.csv:2: expiry_required "maybe": want true or false`}},
		{"csv doc disagrees", "a.csv", "type,id,supplier,gtin,qty\nproduct,,,09506000134352,\npurchase_order,P,A,09506000134352,1\npurchase_order,P,B,09506000134352,2\n",
			[]string{`a.csv:2: product: no name`, `a.csv:4: purchase_order P: supplier "B" differs from "A" on line 3`}},
		{"gln check digit", "a.jsonl", `{"type":"location","code":"A-03","barcode":"9506000000009/A03","kind":"bin","warehouse":"W"}`,
			[]string{`a.jsonl:1: location: barcode "9506000000009/A03": GLN 9506000000009 has a wrong check digit (the last digit should be 8)`}},
		{"gln extension charset", "a.csv", "type,code,barcode,kind,warehouse\nlocation,A-01,,bin,W\nlocation,A-03,9506000000008/A 3,bin,W\n",
			[]string{`a.csv:3: location: barcode "9506000000008/A 3": extension "A 3": character space is not allowed`}},
		{"gln extension too long", "a.jsonl", `{"type":"location","code":"A-03","barcode":"9506000000008/123456789012345678901","kind":"bin","warehouse":"W"}`,
			[]string{`a.jsonl:1: location: barcode "9506000000008/123456789012345678901": extension "123456789012345678901" has 21 characters; GS1 (254) allows 1 to 20`}},
		{"gln empty extension", "a.jsonl", `{"type":"location","code":"A-03","barcode":"9506000000008/","kind":"bin","warehouse":"W"}`,
			[]string{`a.jsonl:1: location: barcode "9506000000008/": GLN with an empty extension`}},
		{"gln in the code", "a.jsonl", "\n" + `{"type":"location","code":"9506000000001/B1","kind":"bin","warehouse":"W"}`,
			[]string{`a.jsonl:2: location: barcode "9506000000001/B1": GLN 9506000000001 has a wrong check digit (the last digit should be 8)`}},
		{"csv quote", "a.csv", "type,name\nproduct,\"unterminated\n", []string{`a.csv:2:`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := hub.ParseImport(c.file, strings.NewReader(c.data), func(string) bool { return false })
			if err == nil {
				t.Fatal("no error")
			}
			var ie *hub.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *ImportError", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(c.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, lines[i], w)
				}
			}
		})
	}
}

// TestCheckLocationBarcode: GLN/extension barcodes follow the rules the
// terminal scans with; anything else is a plain code and passes.
func TestCheckLocationBarcode(t *testing.T) {
	for _, ok := range []string{"9506000000008/A03", "9506000000008/(x)", "9506000000008/12345678901234567890", "9506000000008/a-b.c_d", "A-01", "9506000000009", "950600000009/A1", "DOCK 1", ""} {
		if err := hub.CheckLocationBarcode(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"9506000000009/A03", "9506000000008/", "9506000000008/A 3", "9506000000008/é", "9506000000008/123456789012345678901", "9506000000008/A#1"} {
		if err := hub.CheckLocationBarcode(bad); err == nil {
			t.Errorf("%q accepted", bad)
		} else if !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: the error does not name the barcode: %v", bad, err)
		}
	}
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Good records before and after one bad one: none is stored.
	data := `{"type":"product","gtin":"09506000134352","name":"ok"}
{"type":"location","code":"A","kind":"bin","warehouse":"W"}
{"type":"lot","gtin":"09506000134352","lot":"L","status":"gone"}
{"type":"location","code":"B","kind":"bin","warehouse":"W"}`
	if _, err := hub.ImportFile(ctx, st, "x.jsonl", strings.NewReader(data), time.Now()); err == nil || !strings.Contains(err.Error(), `x.jsonl:3: lot: status "gone"`) {
		t.Fatalf("import: %v", err)
	}
	m, err := st.Master(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 0 {
		t.Fatalf("a failed import stored %d records", m.Len())
	}
}

func TestNormalizeGTIN(t *testing.T) {
	for in, want := range map[string]string{"9506000134352": "09506000134352", "09506000134352": "09506000134352", "96385074": "00000096385074", "036000291452": "00036000291452"} {
		if got, err := hub.NormalizeGTIN(in); err != nil || got != want {
			t.Errorf("NormalizeGTIN(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "123", "9506000134353", "95060001343a2", "095060001343521"} {
		if got, err := hub.NormalizeGTIN(in); err == nil {
			t.Errorf("NormalizeGTIN(%q) = %q, want an error", in, got)
		}
	}
}

func TestDemoIsIdempotentAndValid(t *testing.T) {
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := hub.DemoData()
	for _, p := range d.Products {
		if g, err := hub.NormalizeGTIN(p.GTIN); err != nil || g != p.GTIN {
			t.Errorf("demo product %s: %v", p.GTIN, err)
		}
	}
	res, err := hub.LoadDemo(ctx, st, time.Now())
	if err != nil || res.Inserted != d.Len() {
		t.Fatalf("first load: %+v %v", res, err)
	}
	if _, err := st.SetLotStatus(ctx, hub.DemoGTINLot, "S26-002", inventory.LotRecalled, time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err = hub.LoadDemo(ctx, st, time.Now())
	if err != nil || res.Inserted+res.Updated != 0 || res.Unchanged != d.Len() {
		t.Fatalf("second load: %+v %v", res, err)
	}
	m, _ := st.Master(ctx)
	for _, l := range m.Lots {
		if l.Lot == "S26-002" && l.Status != inventory.LotRecalled {
			t.Fatalf("demo reload undid a recall: %+v", l)
		}
	}
}

func FuzzParseImport(f *testing.F) {
	for _, name := range []string{"site.jsonl", "products.csv", "site.csv", "documents.csv", "errors.jsonl", "errors.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "import", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Ext(name), data)
	}
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		b, err := hub.ParseImport("f"+ext, strings.NewReader(string(data)), func(string) bool { return true })
		if err != nil {
			var ie *hub.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *ImportError", err)
			}
			return
		}
		for _, p := range b.Products {
			if g, err := hub.NormalizeGTIN(p.GTIN); err != nil || g != p.GTIN {
				t.Fatalf("accepted product with GTIN %q", p.GTIN)
			}
		}
		for _, l := range b.Locations {
			label := l.Barcode
			if label == "" {
				label = l.Code
			}
			if err := hub.CheckLocationBarcode(label); err != nil {
				t.Fatalf("accepted location %q with an unscannable label: %v", l.Code, err)
			}
		}
		for _, d := range b.PurchaseOrders {
			for _, l := range d.Lines {
				if l.Qty <= 0 {
					t.Fatalf("accepted qty %d", l.Qty)
				}
			}
		}
	})
}
