package flow

import "github.com/scanterm/scanterm/inventory"

// Document progress: how much of each line of a purchase order, pick list
// or sales order is done.

// progress is a document's per-line quantities as the catalog has them
// (get: Catalog.Received, Picked or Shipped) plus what the step being
// judged records (State.fresh).
func progress(get func(id string) (map[int]int64, error), doc string, fresh map[int]int64) (map[int]int64, error) {
	m, err := get(doc)
	if err != nil {
		return nil, err
	}
	if len(fresh) == 0 {
		return m, nil // read only: callers never write to it
	}
	out := make(map[int]int64, len(m)+len(fresh))
	for k, v := range m {
		out[k] = v
	}
	for k, v := range fresh {
		out[k] += v
	}
	return out, nil
}

// freshOf sums recorded quantities per document line.
func freshOf(actions []inventory.Event) map[int]int64 {
	m := map[int]int64{}
	for _, a := range actions {
		if a.DocLine > 0 {
			m[a.DocLine] += a.Qty
		}
	}
	return m
}
