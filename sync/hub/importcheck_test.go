package hub_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
)

// Impossible data in an import file is refused with FILE:LINE: reason and
// nothing of the file is imported.
func TestImportRefusesImpossibleValues(t *testing.T) {
	const prod = `{"type":"product","gtin":"09506000134352","name":"Salmon","tracking":"lot"}`
	cases := []struct {
		name, file, data, want string
	}{
		{"duplicate key", "a.jsonl", `{"type":"product","gtin":"09506000134352","name":"A","name":"B"}`, `a.jsonl:1: not a valid record: key "name" given twice`},
		{"duplicate key in a line", "a.jsonl", prod + "\n" + `{"type":"purchase_order","id":"P","supplier":"S","lines":[{"gtin":"09506000134352","qty":1,"qty":2}]}`, `a.jsonl:2: not a valid record: key "qty" given twice`},
		{"lot over 20", "a.jsonl", prod + "\n" + `{"type":"lot","gtin":"09506000134352","lot":"ABCDEFGHIJKLMNOPQRSTU"}`, `a.jsonl:2: lot: lot "ABCDEFGHIJKLMNOPQRSTU": 21 characters, at most 20`},
		{"lot with a space", "a.csv", "type,gtin,name,lot\nproduct,09506000134352,Salmon,\nlot,09506000134352,,S26 002\n", `a.csv:3: lot: lot "S26 002": character space at position 4`},
		{"1 MB lot", "a.jsonl", prod + "\n" + `{"type":"lot","gtin":"09506000134352","lot":"` + strings.Repeat("L", 1<<20) + `"}`, `a.jsonl:2: lot: lot "LLLL`},
		{"long product name", "a.jsonl", `{"type":"product","gtin":"09506000134352","name":"` + strings.Repeat("n", 300) + `"}`, `a.jsonl:1: product: name "nnn`},
		{"line over the limit", "a.jsonl", prod + "\n" + `{"type":"product","gtin":"09506000134352","name":"` + strings.Repeat("n", 5<<20) + `"}`, `a.jsonl:2: line longer than the limit of 4 MiB`},
		{"NUL in a name", "a.jsonl", `{"type":"product","gtin":"09506000134352","name":"Sal\u0000mon"}`, `a.jsonl:1: product: name "Sal\x00mon": control character U+0000`},
		{"invalid UTF-8", "a.jsonl", "{\"type\":\"product\",\"gtin\":\"09506000134352\",\"name\":\"Sal\xffmon\"}", `a.jsonl:1: not a valid record: not valid UTF-8 (byte 54)`},
		{"invalid UTF-8 in CSV", "a.csv", "type,gtin,name\nproduct,09506000134352,Sal\xffmon\n", `a.csv:2: product: name "Sal\xffmon": not valid UTF-8`},
		{"location as a path", "a.jsonl", `{"type":"location","code":"../../etc/shadow","kind":"bin","warehouse":"W"}`, `a.jsonl:1: location: code "../../etc/shadow": a code is not a path`},
		{"markup for a GTIN", "a.jsonl", `{"type":"product","gtin":"<script>alert(1)</script>","name":"x"}`, `a.jsonl:1: product: gtin`},
		{"serial over 20 on a return line", "a.jsonl", prod + "\n" + `{"type":"return","id":"RA","sales_order":"SO","lines":[{"gtin":"09506000134352","serial":"123456789012345678901","qty":1}]}`, `a.jsonl:2: return: serial "123456789012345678901": 21 characters`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			_, err = hub.ImportFile(ctx, st, c.file, strings.NewReader(c.data), time.Now())
			var ie *hub.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("ImportFile = %v, want an *ImportError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ImportFile = %q, want it to contain %q", shortErr(err), c.want)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("message of %d bytes: a huge value must be shortened", len(err.Error()))
			}
			m, err := st.Master(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if m.Len() != 0 {
				t.Fatalf("a refused file imported %d records", m.Len())
			}
		})
	}
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
