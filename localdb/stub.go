package localdb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver (cgo)

	"github.com/scanterm/scanterm/sync/wire"
)

var errTODO = errors.New("localdb: not implemented yet")

// DB is the terminal's database. It is safe for concurrent use.
type DB struct {
	sql  *sql.DB
	path string
	opt  Options
}

func Open(ctx context.Context, path string, opt Options) (*DB, error) { return nil, errTODO }
func (db *DB) Close() error                                           { return nil }
func (db *DB) Device(ctx context.Context) (string, error)             { return "", errTODO }
func (db *DB) SetDevice(ctx context.Context, name string) error       { return errTODO }
func (db *DB) Append(ctx context.Context, draft wire.Event) (wire.Event, error) {
	return wire.Event{}, errTODO
}
func (db *DB) AppendBatch(ctx context.Context, drafts []wire.Event) ([]wire.Event, error) {
	return nil, errTODO
}
func (db *DB) Rebuild(ctx context.Context) error                       { return errTODO }
func (db *DB) ApplyChanges(ctx context.Context, ch wire.Changes) error { return errTODO }
func (db *DB) Cursor(ctx context.Context) (string, error)              { return "", errTODO }
func (db *DB) Product(ctx context.Context, gtin string) (wire.Product, error) {
	return wire.Product{}, errTODO
}
func (db *DB) Location(ctx context.Context, codeOrBarcode string) (wire.Location, error) {
	return wire.Location{}, errTODO
}
func (db *DB) Lot(ctx context.Context, gtin, lot string) (wire.Lot, error) {
	return wire.Lot{}, errTODO
}
func (db *DB) LotState(ctx context.Context, gtin, lot string) (LotState, error) {
	return LotState{}, errTODO
}
func (db *DB) Operator(ctx context.Context, idOrBadge string) (wire.Operator, error) {
	return wire.Operator{}, errTODO
}
func (db *DB) PurchaseOrder(ctx context.Context, id string) (wire.PurchaseOrder, error) {
	return wire.PurchaseOrder{}, errTODO
}
func (db *DB) PickList(ctx context.Context, id string) (wire.PickList, error) {
	return wire.PickList{}, errTODO
}
func (db *DB) SalesOrder(ctx context.Context, id string) (wire.SalesOrder, error) {
	return wire.SalesOrder{}, errTODO
}
func (db *DB) ReturnAuth(ctx context.Context, id string) (wire.ReturnAuth, error) {
	return wire.ReturnAuth{}, errTODO
}
func (db *DB) OpenPurchaseOrders(ctx context.Context) ([]wire.PurchaseOrder, error) {
	return nil, errTODO
}
func (db *DB) OpenPickLists(ctx context.Context) ([]wire.PickList, error) { return nil, errTODO }
func (db *DB) Received(ctx context.Context, poID string) (map[int]int64, error) {
	return nil, errTODO
}
func (db *DB) Picked(ctx context.Context, pickListID string) (map[int]int64, error) {
	return nil, errTODO
}
func (db *DB) Stock(ctx context.Context, f StockFilter) ([]StockRow, error) { return nil, errTODO }
func (db *DB) FEFO(ctx context.Context, gtin string, today time.Time) ([]FEFOCandidate, error) {
	return nil, errTODO
}
func (db *DB) Serial(ctx context.Context, gtin, serial string) (SerialState, error) {
	return SerialState{}, errTODO
}
func (db *DB) SerialHistory(ctx context.Context, gtin, serial string) ([]wire.Event, error) {
	return nil, errTODO
}
func (db *DB) LotTrace(ctx context.Context, gtin, lot string) (LotTrace, error) {
	return LotTrace{}, errTODO
}
func (db *DB) Events(ctx context.Context, afterSeq int64, limit int) ([]wire.Event, error) {
	return nil, errTODO
}
func (db *DB) OutboxStats(ctx context.Context) (n int, oldest time.Time, err error) {
	return 0, time.Time{}, errTODO
}
func (db *DB) OutboxBatch(ctx context.Context, maxEvents, maxBytes int) ([]wire.Event, error) {
	return nil, errTODO
}
func (db *DB) AckThrough(ctx context.Context, seq int64) error                 { return errTODO }
func (db *DB) RecordRejections(ctx context.Context, rs []wire.Rejection) error { return errTODO }
func (db *DB) Exceptions(ctx context.Context) ([]wire.Exception, error)        { return nil, errTODO }
