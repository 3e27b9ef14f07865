package sqlcore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/scanterm/scanterm/inventory"
)

// The hub's re-check of minimum remaining shelf life: a pick or ship of a
// lot with fewer days left than its product or the customer of its order
// asks (inventory.ShelfLifeShort, the terminal's rule) is applied, since
// it happened, and flagged short_shelf_life for a supervisor.

// shelfData is what the check needs for one push, loaded only for the
// products and orders its picks and ships of lots name.
type shelfData struct {
	products map[string]inventory.Product    // by GTIN
	orders   map[string]inventory.SalesOrder // by id
	listSO   map[string]string               // pick list -> its sales order
}

// loadShelfLife reads the products, pick lists and sales orders the valid
// picks and ships of lots in evs name: products and lists (and the orders
// ships name) first, then the orders the lists are for.
func (a *applier) loadShelfLife(ctx context.Context, evs []inventory.Event, bad []string) error {
	a.shelf = shelfData{products: map[string]inventory.Product{}, orders: map[string]inventory.SalesOrder{}, listSO: map[string]string{}}
	var gtins, lists, orders []string
	seen := map[string]bool{}
	add := func(list *[]string, kind, key string) {
		if key != "" && !seen[kind+"\x00"+key] {
			seen[kind+"\x00"+key] = true
			*list = append(*list, key)
		}
	}
	for i, e := range evs {
		if bad[i] != "" || e.Lot == "" || (e.Kind != inventory.KindPick && e.Kind != inventory.KindShip) {
			continue
		}
		add(&gtins, kProduct, e.GTIN)
		if e.Kind == inventory.KindPick {
			add(&lists, kPick, e.Doc)
		} else {
			add(&orders, kSO, e.Doc)
		}
	}
	if len(gtins) == 0 {
		return nil
	}
	stmts := masterStmts("products", kProduct, gtins, "", func(key, body string) error {
		var p inventory.Product
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return fmt.Errorf("product %s record: %w", key, err)
		}
		a.shelf.products[key] = p
		return nil
	})
	stmts = append(stmts, masterStmts("pick lists", kPick, lists, "", func(key, body string) error {
		var pl inventory.PickList
		if err := json.Unmarshal([]byte(body), &pl); err != nil {
			return fmt.Errorf("pick list %s record: %w", key, err)
		}
		a.shelf.listSO[key] = pl.SalesOrder
		return nil
	})...)
	loadOrders := func(ids []string) []Stmt {
		return masterStmts("sales orders", kSO, ids, "", func(key, body string) error {
			var so inventory.SalesOrder
			if err := json.Unmarshal([]byte(body), &so); err != nil {
				return fmt.Errorf("sales order %s record: %w", key, err)
			}
			a.shelf.orders[key] = so
			if a.customers != nil {
				a.customers[key] = so.Customer
			}
			return nil
		})
	}
	if err := pipeline(ctx, a.q, append(stmts, loadOrders(orders)...)); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	var more []string
	for _, so := range a.shelf.listSO {
		add(&more, kSO, so)
	}
	if err := pipeline(ctx, a.q, loadOrders(more)); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	return nil
}

// shortShelfLife reports whether a pick or ship took out a lot with less
// remaining shelf life, on the event's own date, than its product or its
// order's customer asks, and says so for the exception.
func (a *applier) shortShelfLife(e inventory.Event, lr *lotRow) (why string, short bool) {
	if (e.Kind != inventory.KindPick && e.Kind != inventory.KindShip) || e.At.IsZero() {
		return "", false
	}
	so := e.Doc
	if e.Kind == inventory.KindPick {
		so = a.shelf.listSO[e.Doc]
	}
	o := a.shelf.orders[so]
	p := a.shelf.products[e.GTIN]
	days := inventory.ShelfLifeDays(p, o)
	exp := lotExpiry(e, lr)
	need, short := inventory.ShelfLifeShort(exp, e.At.UTC().Format("2006-01-02"), days)
	if !short {
		return "", false
	}
	whose := "the product " + e.GTIN
	if o.MinShelfLifeDays == days {
		whose = "the customer of " + so
		if o.Customer != "" {
			whose = o.Customer + " (" + so + ")"
		}
	}
	return fmt.Sprintf("expires %s, short of the %d days' shelf life %s asks (%s or later)", exp, days, whose, need), true
}
