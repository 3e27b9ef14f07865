package sqlcore

import (
	"fmt"
	"sort"

	"github.com/scanterm/scanterm/inventory"
)

// A terminal only records at locations and on documents it has from the
// hub's master data, so an event naming one the hub does not hold comes
// from a device or script of its own, a terminal of another site, or a
// record deleted since. Stock is applied (the goods are where the floor
// says) and the event raises unknown_location or unknown_document, so a
// supervisor sees stock the site's master data cannot account for.

// docKinds are the master kinds an event of kind k may name as its Doc
// (nil: any document kind the hub holds).
func docKinds(k inventory.EventKind) []string {
	switch k {
	case inventory.KindReceive:
		return []string{kPO}
	case inventory.KindPick:
		return []string{kPick}
	case inventory.KindShip:
		return []string{kSO}
	case inventory.KindReturn:
		return []string{kSO, kReturn}
	}
	return nil
}

// allDocKinds are the master kinds that are documents.
var allDocKinds = []string{kPO, kPick, kSO, kReturn}

// referencedLocations lists the locations the valid events of evs name,
// sorted.
func referencedLocations(evs []inventory.Event, bad []string) []string {
	seen := map[string]bool{}
	var out []string
	for i, e := range evs {
		if bad[i] != "" {
			continue
		}
		for _, l := range [2]string{e.From, e.To} {
			if l != "" && !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}

// referencedDocs lists the documents the valid events of evs name, sorted.
func referencedDocs(evs []inventory.Event, bad []string) []string {
	seen := map[string]bool{}
	var out []string
	for i, e := range evs {
		if bad[i] == "" && e.Doc != "" && !seen[e.Doc] {
			seen[e.Doc] = true
			out = append(out, e.Doc)
		}
	}
	sort.Strings(out)
	return out
}

// docStmts loads which master kinds hold each of docs into a.docs
// (kind + "/" + id). Only keys are read: a pick list's lines may be long.
func (a *applier) docStmts(docs []string) []Stmt {
	a.docs = make(map[string]bool, len(docs))
	var out []Stmt
	inChunks(docs, func(in string, args []any) {
		out = append(out, Stmt{What: "load documents", Query: `SELECT kind, key FROM master WHERE kind IN ('` +
			kPO + `','` + kPick + `','` + kSO + `','` + kReturn + `') AND key IN (` + in + `)`, Args: args,
			Rows: func(rows Rows) error {
				for rows.Next() {
					var kind, key string
					if err := rows.Scan(&kind, &key); err != nil {
						return err
					}
					a.docs[kind+"/"+key] = true
				}
				return nil
			}})
	})
	return out
}

// checkKnown raises unknown_location for each location e names that is
// not in the hub's master data (a.quarantine holds every known one, see
// quarantineStmts) and unknown_document when its document is not one of
// the kinds its event kind works on.
func (a *applier) checkKnown(e inventory.Event) {
	var unknown []string
	for _, l := range [2]string{e.From, e.To} {
		if _, ok := a.quarantine[l]; l != "" && !ok && (len(unknown) == 0 || unknown[0] != l) {
			unknown = append(unknown, l)
		}
	}
	if len(unknown) > 0 {
		where := "location " + unknown[0]
		if len(unknown) == 2 {
			where = "locations " + unknown[0] + " and " + unknown[1]
		}
		a.raise(e, "unknown_location", fmt.Sprintf("event %s (%s by %s seq %d) names %s, which the hub's master data does not hold: stock was applied there; import the location, or move the stock to a known one",
			e.ID, e.Kind, a.device, e.Seq, where), "")
	}
	if e.Doc == "" {
		return
	}
	kinds := docKinds(e.Kind)
	if kinds == nil {
		kinds = allDocKinds
	}
	for _, k := range kinds {
		if a.docs[k+"/"+e.Doc] {
			return
		}
	}
	a.raise(e, "unknown_document", fmt.Sprintf("event %s (%s by %s seq %d) names document %s, which the hub holds as no %s: the event was applied; import the document, or check which one the goods belong to",
		e.ID, e.Kind, a.device, e.Seq, e.Doc, docWords(kinds)), "")
}

// docWords names master document kinds for a message.
func docWords(kinds []string) string {
	words := map[string]string{kPO: "purchase order", kPick: "pick list", kSO: "sales order", kReturn: "return authorisation"}
	s := ""
	for i, k := range kinds {
		switch {
		case i == 0:
		case i == len(kinds)-1:
			s += " or "
		default:
			s += ", "
		}
		s += words[k]
	}
	return s
}
