package inventory

// DocStatus is the life of a document.
type DocStatus string

const (
	DocOpen   DocStatus = "open"
	DocClosed DocStatus = "closed"
)

// PurchaseOrder is what a supplier is expected to deliver.
type PurchaseOrder struct {
	ID       string    `json:"id"`
	Supplier string    `json:"supplier"`
	Status   DocStatus `json:"status"`
	Lines    []POLine  `json:"lines"`
	Version  int64     `json:"version"`
}

// POLine is one expected product and quantity. Line numbers start at 1.
type POLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Qty  int64  `json:"qty"`
}

// PickList says what to take from where for a sales order.
type PickList struct {
	ID         string     `json:"id"`
	SalesOrder string     `json:"sales_order"`
	Status     DocStatus  `json:"status"`
	Lines      []PickLine `json:"lines"`
	Version    int64      `json:"version"`
}

// PickLine is one pick. Lot is empty when the list leaves the choice to FEFO.
type PickLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Lot  string `json:"lot,omitempty"`
	Qty  int64  `json:"qty"`
	From string `json:"from,omitempty"`
}

// SalesOrder is what a customer ordered; shipping confirms against it.
type SalesOrder struct {
	ID       string    `json:"id"`
	Customer string    `json:"customer"`
	Status   DocStatus `json:"status"`
	Lines    []SOLine  `json:"lines"`
	// MinShelfLifeDays is the customer's minimum remaining shelf life for
	// every lot on this order (a hospital taking only lots with 180 days
	// left); 0 = none. The stricter of it and the product's applies.
	MinShelfLifeDays int   `json:"min_shelf_life_days,omitempty"`
	Version          int64 `json:"version"`
}

// SOLine is one ordered product and quantity.
type SOLine struct {
	Line int    `json:"line"`
	GTIN string `json:"gtin"`
	Qty  int64  `json:"qty"`
}

// ReturnAuth authorises a customer to send units back.
type ReturnAuth struct {
	ID         string    `json:"id"`
	SalesOrder string    `json:"sales_order"`
	Customer   string    `json:"customer"`
	Status     DocStatus `json:"status"`
	Lines      []RetLine `json:"lines"`
	Version    int64     `json:"version"`
}

// RetLine is one authorised return; Serial or Lot narrow it when known.
type RetLine struct {
	Line   int    `json:"line"`
	GTIN   string `json:"gtin"`
	Lot    string `json:"lot,omitempty"`
	Serial string `json:"serial,omitempty"`
	Qty    int64  `json:"qty"`
}

// DocProgress is the quantity one device's events brought to one line of
// a document, by kind (receive on a PO, pick on a pick list, ship on a
// sales order, return on an RA), as the hub holds it. Qty is the total,
// not a delta: a newer version replaces an older one.
type DocProgress struct {
	Doc     string    `json:"doc"`
	Kind    EventKind `json:"kind"`
	Line    int       `json:"line"`
	Device  string    `json:"device"`
	Qty     int64     `json:"qty"`
	Version int64     `json:"version"`
}
