package localdb

import (
	"errors"
	"fmt"
)

// Errors about the database file and the data in it. They are wrapped with
// context; test them with errors.Is.
var (
	// ErrNotFound: no such product, location, lot, serial, operator or document.
	ErrNotFound = errors.New("not found")
	// ErrSchemaTooNew: the file was written by a newer scanterm; opening it
	// with this build could lose data, so it is refused.
	ErrSchemaTooNew = errors.New("database schema is newer than this scanterm")
	// ErrCorrupt: the file is not an SQLite database or is damaged.
	ErrCorrupt = errors.New("database file is not a valid scanterm database (corrupt or not SQLite)")
	// ErrReadOnly: the file or its folder cannot be written.
	ErrReadOnly = errors.New("database file is read-only")
	// ErrDeviceChange: the terminal already recorded events under another
	// device name; renaming it would break (device, seq) on the hub.
	ErrDeviceChange = errors.New("device name cannot change once events exist")
)

// RuleError is a refusal by a warehouse rule in Append: Code is stable and
// machine-readable, Message is a plain sentence an operator can act on.
// errors.Is matches it against the Err… sentinels below by Code.
type RuleError struct {
	Code    string
	Message string
}

func (e *RuleError) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Message
}

// Is reports whether target is a *RuleError with the same Code, so a
// refusal matches its sentinel whatever its message.
func (e *RuleError) Is(target error) bool {
	t, ok := target.(*RuleError)
	return ok && t.Code == e.Code
}

// Sentinels for the rules Append enforces; compare with errors.Is.
var (
	ErrUnknownProduct   = &RuleError{Code: "unknown_product", Message: "unknown product"}
	ErrUnknownLocation  = &RuleError{Code: "unknown_location", Message: "unknown location"}
	ErrInvalidEvent     = &RuleError{Code: "invalid_event", Message: "incomplete or inconsistent action"}
	ErrLotRequired      = &RuleError{Code: "lot_required", Message: "this product needs a lot"}
	ErrExpiryRequired   = &RuleError{Code: "expiry_required", Message: "this product needs an expiry date"}
	ErrSerialRequired   = &RuleError{Code: "serial_required", Message: "this product needs a serial number"}
	ErrSerialQty        = &RuleError{Code: "serial_qty", Message: "a serial number is exactly one unit"}
	ErrSerialInStock    = &RuleError{Code: "serial_in_stock", Message: "serial is already in stock"}
	ErrSerialElsewhere  = &RuleError{Code: "serial_elsewhere", Message: "serial is in stock at another location"}
	ErrSerialShipped    = &RuleError{Code: "serial_shipped", Message: "serial has already shipped"}
	ErrSerialNotInStock = &RuleError{Code: "serial_not_in_stock", Message: "serial is not in stock"}
	ErrLotExpired       = &RuleError{Code: "lot_expired", Message: "lot is expired"}
	ErrLotQuarantined   = &RuleError{Code: "lot_quarantined", Message: "lot is in quarantine"}
	ErrLotRecalled      = &RuleError{Code: "lot_recalled", Message: "lot is recalled"}
	ErrLotOverride      = &RuleError{Code: "lot_override", Message: "lot differs from the pick list's: an override reason is needed"}
	ErrNegativeStock    = &RuleError{Code: "negative_stock", Message: "not enough stock"}
)

// ruleErr builds a refusal with the sentinel's code and a specific message.
func ruleErr(sentinel *RuleError, format string, args ...any) *RuleError {
	return &RuleError{Code: sentinel.Code, Message: fmt.Sprintf(format, args...)}
}
