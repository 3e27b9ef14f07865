package inventory

// FEFOCandidate is a place to pick a product from, in first-expired-first-out
// order: a released, unexpired lot with stock at a location. A catalog
// lists nothing else as a candidate: no held, recalled or expired lot.
type FEFOCandidate struct {
	GTIN     string `json:"gtin"`
	Lot      string `json:"lot"`
	Expiry   string `json:"expiry,omitempty"`
	Location string `json:"location"`
	Qty      int64  `json:"qty"`
}
