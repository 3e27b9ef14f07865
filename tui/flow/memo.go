package flow

import "github.com/scanterm/scanterm/inventory"

// memo caches documents and their progress for the length of one engine
// call: the engine never writes, so the catalog cannot change under it,
// and a step on a 5,000-line pick list asks for the list and its progress
// several times (line, prompt, completion).
type memo struct {
	Catalog
	pos    map[string]inventory.PurchaseOrder
	picks  map[string]inventory.PickList
	orders map[string]inventory.SalesOrder
	prog   map[string]map[int]int64
}

func memoize(cat Catalog) Catalog {
	if _, ok := cat.(*memo); ok || cat == nil {
		return cat
	}
	return &memo{Catalog: cat}
}

func (m *memo) PurchaseOrder(id string) (inventory.PurchaseOrder, error) {
	if d, ok := m.pos[id]; ok {
		return d, nil
	}
	d, err := m.Catalog.PurchaseOrder(id)
	if err == nil {
		if m.pos == nil {
			m.pos = map[string]inventory.PurchaseOrder{}
		}
		m.pos[id] = d
	}
	return d, err
}

func (m *memo) PickList(id string) (inventory.PickList, error) {
	if d, ok := m.picks[id]; ok {
		return d, nil
	}
	d, err := m.Catalog.PickList(id)
	if err == nil {
		if m.picks == nil {
			m.picks = map[string]inventory.PickList{}
		}
		m.picks[id] = d
	}
	return d, err
}

func (m *memo) SalesOrder(id string) (inventory.SalesOrder, error) {
	if d, ok := m.orders[id]; ok {
		return d, nil
	}
	d, err := m.Catalog.SalesOrder(id)
	if err == nil {
		if m.orders == nil {
			m.orders = map[string]inventory.SalesOrder{}
		}
		m.orders[id] = d
	}
	return d, err
}

func (m *memo) progress(kind, id string, get func(string) (map[int]int64, error)) (map[int]int64, error) {
	k := kind + "\x00" + id
	if p, ok := m.prog[k]; ok {
		return p, nil
	}
	p, err := get(id)
	if err == nil {
		if m.prog == nil {
			m.prog = map[string]map[int]int64{}
		}
		m.prog[k] = p
	}
	return p, err
}

func (m *memo) Received(id string) (map[int]int64, error) {
	return m.progress("r", id, m.Catalog.Received)
}

func (m *memo) Picked(id string) (map[int]int64, error) {
	return m.progress("p", id, m.Catalog.Picked)
}

func (m *memo) Shipped(id string) (map[int]int64, error) {
	return m.progress("s", id, m.Catalog.Shipped)
}

// unmemo is the catalog under the engine's memo, so a check for one of the
// optional interfaces (PalletSource, SerialSource, …) sees the caller's
// catalog, which the memo does not forward.
func unmemo(cat Catalog) Catalog {
	if m, ok := cat.(*memo); ok {
		return m.Catalog
	}
	return cat
}
