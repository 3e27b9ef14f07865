package tui

import (
	"maps"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/tui/catalog"
	"github.com/scanterm/scanterm/tui/flow"
)

// stepCatalog remembers what one engine call read. The engine asks for the
// same document and its progress several times while it judges one input
// and builds the next prompt; within one call nothing is recorded, so the
// answers cannot change. A new stepCatalog is made for every call, so the
// engine never sees data older than the call.
type stepCatalog struct {
	*catalog.Catalog
	products  map[string]cached[inventory.Product]
	locations map[string]cached[inventory.Location]
	pos       map[string]cached[inventory.PurchaseOrder]
	pls       map[string]cached[inventory.PickList]
	sos       map[string]cached[inventory.SalesOrder]
	progress  map[string]cached[map[int]int64]
}

type cached[T any] struct {
	v   T
	err error
}

func newStepCatalog(c *catalog.Catalog) *stepCatalog {
	return &stepCatalog{
		Catalog:   c,
		products:  map[string]cached[inventory.Product]{},
		locations: map[string]cached[inventory.Location]{},
		pos:       map[string]cached[inventory.PurchaseOrder]{},
		pls:       map[string]cached[inventory.PickList]{},
		sos:       map[string]cached[inventory.SalesOrder]{},
		progress:  map[string]cached[map[int]int64]{},
	}
}

var _ flow.Catalog = (*stepCatalog)(nil)

// remember returns the cached answer for k or computes and keeps it.
func remember[T any](m map[string]cached[T], k string, get func() (T, error)) (T, error) {
	if c, ok := m[k]; ok {
		return c.v, c.err
	}
	v, err := get()
	m[k] = cached[T]{v, err}
	return v, err
}

func (c *stepCatalog) Product(gtin string) (inventory.Product, error) {
	return remember(c.products, gtin, func() (inventory.Product, error) { return c.Catalog.Product(gtin) })
}

func (c *stepCatalog) Location(code string) (inventory.Location, error) {
	return remember(c.locations, code, func() (inventory.Location, error) { return c.Catalog.Location(code) })
}

func (c *stepCatalog) PurchaseOrder(id string) (inventory.PurchaseOrder, error) {
	return remember(c.pos, id, func() (inventory.PurchaseOrder, error) { return c.Catalog.PurchaseOrder(id) })
}

func (c *stepCatalog) PickList(id string) (inventory.PickList, error) {
	return remember(c.pls, id, func() (inventory.PickList, error) { return c.Catalog.PickList(id) })
}

func (c *stepCatalog) SalesOrder(id string) (inventory.SalesOrder, error) {
	return remember(c.sos, id, func() (inventory.SalesOrder, error) { return c.Catalog.SalesOrder(id) })
}

// Progress maps are copied out so a caller that changes one cannot change
// the next caller's answer.
func (c *stepCatalog) progressOf(kind, id string, get func(string) (map[int]int64, error)) (map[int]int64, error) {
	m, err := remember(c.progress, kind+"\x00"+id, func() (map[int]int64, error) { return get(id) })
	return maps.Clone(m), err
}

func (c *stepCatalog) Received(id string) (map[int]int64, error) {
	return c.progressOf("received", id, c.Catalog.Received)
}

func (c *stepCatalog) Picked(id string) (map[int]int64, error) {
	return c.progressOf("picked", id, c.Catalog.Picked)
}

func (c *stepCatalog) Shipped(id string) (map[int]int64, error) {
	return c.progressOf("shipped", id, c.Catalog.Shipped)
}

func (c *stepCatalog) Returned(id string) (map[int]int64, error) {
	return c.progressOf("returned", id, c.Catalog.Returned)
}
