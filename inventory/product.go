package inventory

// Tracking says how a product's units are told apart.
type Tracking string

const (
	TrackNone   Tracking = "none"   // quantity only
	TrackLot    Tracking = "lot"    // quantity per lot
	TrackSerial Tracking = "serial" // one unit per serial number (may also carry a lot)
)

// Product is an item the warehouse stocks. GTIN is normalised to 14 digits.
type Product struct {
	GTIN           string   `json:"gtin"`
	SKU            string   `json:"sku"`
	Name           string   `json:"name"`
	Tracking       Tracking `json:"tracking"`
	ExpiryRequired bool     `json:"expiry_required"`
	UOM            string   `json:"uom,omitempty"` // unit of measure, "EA" when empty
	// MinShelfLifeDays is the remaining shelf life (days to expiry) a lot
	// must have to be picked or shipped; 0 = no minimum. See ShelfLifeShort.
	MinShelfLifeDays int   `json:"min_shelf_life_days,omitempty"`
	Version          int64 `json:"version"`
}

// LocationKind is what a location is used for.
type LocationKind string

const (
	LocDock       LocationKind = "dock"
	LocBin        LocationKind = "bin"
	LocStaging    LocationKind = "staging"
	LocQuarantine LocationKind = "quarantine"
)

// Location is a place stock can be. Code is what operators read and key in;
// Barcode, when set, is what its label carries instead (for example a GS1
// element string "(414)...(254)..." stored as the 13-digit GLN plus
// extension, "9506000000008/A1").
type Location struct {
	Code      string       `json:"code"`
	Barcode   string       `json:"barcode,omitempty"`
	Kind      LocationKind `json:"kind"`
	Warehouse string       `json:"warehouse"`
	Version   int64        `json:"version"`
}

// LotStatus decides whether a lot may leave the building.
type LotStatus string

const (
	LotReleased   LotStatus = "released"
	LotQuarantine LotStatus = "quarantine"
	LotRecalled   LotStatus = "recalled"
)

// Lot is one production batch of a product. Dates are "YYYY-MM-DD" or empty.
type Lot struct {
	GTIN       string    `json:"gtin"`
	Lot        string    `json:"lot"`
	Expiry     string    `json:"expiry,omitempty"`
	BestBefore string    `json:"best_before,omitempty"`
	Production string    `json:"production,omitempty"`
	Status     LotStatus `json:"status"`
	Version    int64     `json:"version"`
}
