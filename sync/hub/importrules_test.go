package hub_test

import (
	"strings"
	"testing"

	"github.com/scanterm/scanterm/sync/hub"
)

// TestImportShelfLifeAndReasons: min_shelf_life_days on products and
// sales orders, and reason records, in both file formats; bad values are
// refused with their line.
func TestImportShelfLifeAndReasons(t *testing.T) {
	jsonl := `{"type":"product","gtin":"09506000134352","name":"Saline","tracking":"lot","min_shelf_life_days":90}
{"type":"sales_order","id":"SO-H","customer":"Hospital","min_shelf_life_days":180,"lines":[{"gtin":"09506000134352","qty":4}]}
{"type":"reason","code":"NOTFOUND","label":"listed lot not found"}
{"type":"reason","code":"OLD","label":"retired","active":false}
`
	csv := "type,gtin,name,tracking,id,customer,qty,min_shelf_life_days,code,label\n" +
		"product,09506000134352,Saline,lot,,,,90,,\n" +
		"sales_order,09506000134352,,,SO-H,Hospital,2,180,,\n" +
		"sales_order,09506000134352,,,SO-H,Hospital,2,,,\n" +
		"reason,,,,,,,,NOTFOUND,listed lot not found\n"
	for name, data := range map[string]string{"x.jsonl": jsonl, "x.csv": csv} {
		b, err := hub.ParseImport(name, strings.NewReader(data), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b.Products) != 1 || b.Products[0].MinShelfLifeDays != 90 {
			t.Fatalf("%s: products %+v", name, b.Products)
		}
		if len(b.SalesOrders) != 1 || b.SalesOrders[0].MinShelfLifeDays != 180 {
			t.Fatalf("%s: orders %+v", name, b.SalesOrders)
		}
		if len(b.Reasons) == 0 || b.Reasons[0].Code != "NOTFOUND" || b.Reasons[0].Label != "listed lot not found" || !b.Reasons[0].Active {
			t.Fatalf("%s: reasons %+v", name, b.Reasons)
		}
		if name == "x.jsonl" && (len(b.Reasons) != 2 || b.Reasons[1].Active) {
			t.Fatalf("inactive reason: %+v", b.Reasons)
		}
	}
	for _, tc := range []struct{ data, want string }{
		{`{"type":"product","gtin":"09506000134352","name":"S","min_shelf_life_days":-1}`, "x.jsonl:1: product: min_shelf_life_days -1: want 0 to 3650"},
		{`{"type":"location","code":"A","kind":"bin","warehouse":"W","min_shelf_life_days":5}`, "only a product or a sales_order has one"},
		{`{"type":"reason","code":"LONG","label":"a label far too long for the handheld"}`, "at most 26"},
		{`{"type":"reason","label":"no code"}`, "reason: no code"},
		{`{"type":"reason","code":"X"}`, "reason: no label"},
	} {
		if _, err := hub.ParseImport("x.jsonl", strings.NewReader(tc.data), nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.data, err, tc.want)
		}
	}
	if _, err := hub.ParseImport("x.csv", strings.NewReader("type,gtin,name,min_shelf_life_days\nproduct,09506000134352,S,many\n"), nil); err == nil || !strings.Contains(err.Error(), "x.csv:2: min_shelf_life_days \"many\"") {
		t.Errorf("csv bad days: %v", err)
	}
}
