package inventory

// Reason is an override reason code: master data a supervisor maintains
// (imported at the hub, pulled by every terminal). An operator who
// overrules a rule the terminal lets a person overrule (another lot than
// the pick list's, an over-receipt, an expiry already past) picks one;
// its Code is recorded in Event.Override together with the operator.
// Inactive reasons stay known (old events name them) but are not offered.
type Reason struct {
	Code    string `json:"code"`
	Label   string `json:"label"`
	Active  bool   `json:"active"`
	Version int64  `json:"version"`
}
