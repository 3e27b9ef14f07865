package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/scanterm/scanterm/sync/hub"
)

// readUpload returns the uploaded file: the multipart field "file", or the
// form fields "name" and "content" (how the preview page hands the file
// to apply).
func (c *Console) readUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, c.opt.MaxUploadBytes+64<<10)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, fh, ferr := r.FormFile("file")
		if ferr == nil {
			defer f.Close()
			data, err = io.ReadAll(io.LimitReader(f, c.opt.MaxUploadBytes+1))
			name = filepath.Base(fh.Filename)
		} else if !errors.Is(ferr, http.ErrMissingFile) {
			return "", nil, fmt.Errorf("read upload: %w", ferr)
		}
	}
	if data == nil {
		name, data = r.FormValue("name"), []byte(r.FormValue("content"))
	}
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > c.opt.MaxUploadBytes {
		return "", nil, fmt.Errorf("file larger than %d bytes; split it", c.opt.MaxUploadBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", nil, errors.New("choose a CSV or JSON lines file to upload")
	}
	if name == "" {
		name = "upload"
	}
	return name, data, nil
}

// problems lists a refused file's errors in line order.
func problems(err error) []importProblem {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]importProblem, 0, len(errs))
	for _, e := range errs {
		var ie *hub.ImportError
		if errors.As(e, &ie) {
			out = append(out, importProblem{Line: ie.Line, Reason: ie.Reason, Text: ie.Error()})
		} else {
			out = append(out, importProblem{Reason: e.Error(), Text: e.Error()})
		}
	}
	return out
}

// importPreview checks an upload all or nothing, as scanhub import does,
// and shows what applying it would change; nothing is written.
func (c *Console) importPreview(w http.ResponseWriter, r *http.Request) {
	name, data, err := c.readUpload(w, r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	k, err := c.catalog(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	p := importPage{Name: name, Content: string(data)}
	b, err := hub.ParseImport(name, bytes.NewReader(data), func(g string) bool { _, ok := k.products[g]; return ok })
	if err != nil {
		p.Errors, p.Content = problems(err), ""
		c.respond(w, r, http.StatusUnprocessableEntity, "import", "Import", p)
		return
	}
	p.Preview = diffBatch(b, k.batch)
	for _, ch := range p.Preview {
		p.Total.New += ch.New
		p.Total.Changed += ch.Changed
		p.Total.Unchanged += ch.Unchanged
	}
	c.respond(w, r, http.StatusOK, "import", "Import", p)
}

// diffBatch compares an import with the hub's master data record by
// record (versions aside).
func diffBatch(in, have hub.Batch) []importChange {
	var out []importChange
	add := func(typ string, newRecs, oldRecs any, key func(v reflect.Value) string) {
		old := map[string]string{}
		ov := reflect.ValueOf(oldRecs)
		for i := range ov.Len() {
			old[key(ov.Index(i))] = canonical(ov.Index(i).Interface())
		}
		ch := importChange{Type: typ, Keys: []string{}}
		nv := reflect.ValueOf(newRecs)
		for i := range nv.Len() {
			k := key(nv.Index(i))
			was, ok := old[k]
			switch {
			case !ok:
				ch.New++
				ch.Keys = append(ch.Keys, k+" (new)")
			case was != canonical(nv.Index(i).Interface()):
				ch.Changed++
				ch.Keys = append(ch.Keys, k+" (changed)")
			default:
				ch.Unchanged++
			}
		}
		if nv.Len() > 0 {
			out = append(out, ch)
		}
	}
	field := func(names ...string) func(v reflect.Value) string {
		return func(v reflect.Value) string {
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = fmt.Sprint(v.FieldByName(n).Interface())
			}
			return strings.Join(parts, "/")
		}
	}
	add("product", in.Products, have.Products, field("GTIN"))
	add("location", in.Locations, have.Locations, field("Code"))
	add("lot", in.Lots, have.Lots, field("GTIN", "Lot"))
	add("operator", in.Operators, have.Operators, field("ID"))
	add("purchase_order", in.PurchaseOrders, have.PurchaseOrders, field("ID"))
	add("pick_list", in.PickLists, have.PickLists, field("ID"))
	add("sales_order", in.SalesOrders, have.SalesOrders, field("ID"))
	add("return", in.Returns, have.Returns, field("ID"))
	add("reason", in.Reasons, have.Reasons, field("Code"))
	return out
}

// canonical is a record's JSON without its version.
func canonical(v any) string {
	b, _ := json.Marshal(v)
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return string(b)
	}
	delete(m, "version")
	b, _ = json.Marshal(m)
	return string(b)
}

// asImportError reports whether err (or one it joins) is an ImportError.
func asImportError(err error, target **hub.ImportError) bool {
	return errors.As(err, target)
}
