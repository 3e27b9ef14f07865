package sqlcore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// A document is done when every line has what it asks for, counting every
// device's events: a pick list fully picked, a sales order fully shipped, a
// return authorisation fully returned. The push that completes it closes
// it (status closed, a new version), so terminals learn it at their next
// pull and it leaves their open lists; the console shows it closed. An
// import of the document afterwards (the ERP's word) sets its status again.
//
// A purchase order fully received stays open: a supplier's extra units
// are an over-receipt the terminal allows with a reason (and the hub
// flags), which a closed order would refuse; the buyer closes it in the
// ERP. Terminals drop it from their open lists once fully received all
// the same.
//
// The document's master row is locked before its progress is read (the
// over-receipt check needs the same), so two pushes completing one
// document together take turns and the second sees the first's progress.

// docRef names a document in the master table.
type docRef struct{ kind, key string }

// docKindOf is the master kind of the document an event of kind k counts
// towards ("" for none). A return may name its sales order instead of an
// RA: then no RA is found and nothing closes.
func docKindOf(k inventory.EventKind) string {
	switch k {
	case inventory.KindReceive:
		return kPO
	case inventory.KindPick:
		return kPick
	case inventory.KindShip:
		return kSO
	case inventory.KindReturn:
		return kReturn
	}
	return ""
}

// progressDocs lists the documents that valid events of evs count towards
// (a document and a line), sorted by kind and key so that concurrent
// pushes lock them in the same order.
func progressDocs(evs []inventory.Event, bad []string) []docRef {
	seen := map[docRef]bool{}
	var out []docRef
	for i, e := range evs {
		r := docRef{docKindOf(e.Kind), e.Doc}
		if bad[i] == "" && countsTowardDoc(e) && e.DocLine > 0 && r.kind != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return out[i].key < out[j].key
	})
	return out
}

// docLineStmts locks the documents docs (where rows are locked) and loads
// their lines into a.ordered (and, when open, their records into a.open),
// then loads what all devices have done on them so far into a.received.
// Purchase orders are loaded for the over-receipt check, never closed.
// The lock comes first: a concurrent push on the same document waits
// until this one has committed its progress, and then counts it.
func (a *applier) docLineStmts(docs []docRef) []Stmt {
	a.ordered = make(map[progressKey]int64)
	a.received = make(map[progressKey]int64)
	a.open = make(map[docRef]string)
	var out []Stmt
	byKind := map[string][]string{}
	var kinds []string
	for _, d := range docs {
		if len(byKind[d.kind]) == 0 {
			kinds = append(kinds, d.kind)
		}
		byKind[d.kind] = append(byKind[d.kind], d.key)
	}
	for _, kind := range kinds {
		out = append(out, masterStmts(docWords([]string{kind})+"s", kind, byKind[kind], a.c.b.LockSuffix(), func(key, body string) error {
			lines, status, err := docLines(kind, body)
			if err != nil {
				return fmt.Errorf("%s %s record: %w", docWords([]string{kind}), key, err)
			}
			ek := eventKindOf(kind)
			for _, l := range lines {
				a.ordered[progressKey{key, ek, l.line}] += l.qty
			}
			if status == inventory.DocOpen && len(lines) > 0 && kind != kPO {
				a.open[docRef{kind, key}] = body
			}
			return nil
		})...)
	}
	keys := make([]string, 0, len(docs))
	seen := map[string]bool{}
	for _, d := range docs {
		if !seen[d.key] {
			seen[d.key] = true
			keys = append(keys, d.key)
		}
	}
	sort.Strings(keys)
	inChunks(keys, func(in string, args []any) {
		out = append(out, Stmt{What: "load document progress so far", Query: `SELECT doc, kind, doc_line, SUM(qty) FROM doc_progress WHERE doc IN (` + in + `) GROUP BY doc, kind, doc_line`, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var k progressKey
					var kind string
					var qty int64
					if err := rows.Scan(&k.doc, &kind, &k.line, &qty); err != nil {
						return err
					}
					k.kind = inventory.EventKind(kind)
					a.received[k] = qty
				}
				return nil
			}})
	})
	return out
}

// eventKindOf is the event kind that counts towards a master document kind.
func eventKindOf(kind string) inventory.EventKind {
	switch kind {
	case kPO:
		return inventory.KindReceive
	case kPick:
		return inventory.KindPick
	case kSO:
		return inventory.KindShip
	}
	return inventory.KindReturn
}

type docLine struct {
	line int
	qty  int64
}

// docLines reads a document record's lines and status.
func docLines(kind, body string) ([]docLine, inventory.DocStatus, error) {
	var out []docLine
	switch kind {
	case kPO:
		var d inventory.PurchaseOrder
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, "", err
		}
		for _, l := range d.Lines {
			out = append(out, docLine{l.Line, l.Qty})
		}
		return out, d.Status, nil
	case kPick:
		var d inventory.PickList
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, "", err
		}
		for _, l := range d.Lines {
			out = append(out, docLine{l.Line, l.Qty})
		}
		return out, d.Status, nil
	case kSO:
		var d inventory.SalesOrder
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, "", err
		}
		for _, l := range d.Lines {
			out = append(out, docLine{l.Line, l.Qty})
		}
		return out, d.Status, nil
	case kReturn:
		var d inventory.ReturnAuth
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, "", err
		}
		for _, l := range d.Lines {
			out = append(out, docLine{l.Line, l.Qty})
		}
		return out, d.Status, nil
	}
	return nil, "", fmt.Errorf("unknown document kind %q", kind)
}

// finished lists the open documents this push completes, sorted, each
// with its record set to closed.
func (a *applier) finished() ([]closedDoc, error) {
	var out []closedDoc
	for ref, body := range a.open {
		ek := eventKindOf(ref.kind)
		complete := true
		for k, want := range a.ordered {
			if k.doc == ref.key && k.kind == ek && a.received[k]+a.progress[k] < want {
				complete = false
				break
			}
		}
		if !complete {
			continue
		}
		var rec map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &rec); err != nil {
			return nil, fmt.Errorf("push: close %s %s: %w", docWords([]string{ref.kind}), ref.key, err)
		}
		rec["status"] = json.RawMessage(`"` + string(inventory.DocClosed) + `"`)
		b, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("push: close %s %s: %w", docWords([]string{ref.kind}), ref.key, err)
		}
		out = append(out, closedDoc{ref, string(b)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return out[i].key < out[j].key
	})
	return out, nil
}

type closedDoc struct {
	docRef
	body string
}

// closeDocs writes the closed records, each with the next version from *v.
func (a *applier) closeDocs(ctx context.Context, done []closedDoc, v *int64) error {
	for _, d := range done {
		*v++
		if _, err := a.q.Exec(ctx, `UPDATE master SET body = ?, version = ?, updated_at = ? WHERE kind = ? AND key = ?`,
			d.body, *v, nanos(a.now), d.kind, d.key); err != nil {
			return fmt.Errorf("push: close %s %s: %w", docWords([]string{d.kind}), d.key, err)
		}
	}
	return nil
}
