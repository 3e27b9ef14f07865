package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/sync/wire"
)

// Fixture GTINs (valid check digits) of each tracking mode.
const (
	gtinNone   = "09506000000015" // quantity only
	gtinLot    = "09506000134352" // lot-tracked, expiry required
	gtinSerial = "09506000111117" // serialised
)

// testStart is the fixed device clock: 2026-06-15 10:00 UTC.
var testStart = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// seed is the master data every test database starts with.
func seed() wire.Changes {
	return wire.Changes{
		Cursor: "c1",
		Operators: []inventory.Operator{
			{ID: "op1", Name: "Ana", Badge: "BADGE-0001", PINHash: inventory.PINHash("op1", "1234"), Active: true, Version: 1},
			{ID: "op2", Name: "Ben", Badge: "BADGE-0002", Active: false, Version: 1},
		},
		Products: []inventory.Product{
			{GTIN: gtinNone, SKU: "BOX", Name: "Carton", Tracking: inventory.TrackNone, Version: 1},
			{GTIN: gtinLot, SKU: "MED", Name: "Saline 500ml", Tracking: inventory.TrackLot, ExpiryRequired: true, Version: 1},
			{GTIN: gtinSerial, SKU: "PUMP", Name: "Infusion pump", Tracking: inventory.TrackSerial, Version: 1},
		},
		Locations: []inventory.Location{
			{Code: "DOCK1", Kind: inventory.LocDock, Warehouse: "W1", Version: 1},
			{Code: "A-01", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "A-02", Kind: inventory.LocBin, Warehouse: "W1", Version: 1},
			{Code: "STAGE", Kind: inventory.LocStaging, Warehouse: "W1", Version: 1},
			{Code: "QUAR", Kind: inventory.LocQuarantine, Warehouse: "W1", Version: 1},
		},
		Lots: []inventory.Lot{
			{GTIN: gtinLot, Lot: "L-OLD", Expiry: "2026-01-31", Status: inventory.LotReleased, Version: 1},
			{GTIN: gtinLot, Lot: "L-RECALL", Expiry: "2027-01-31", Status: inventory.LotRecalled, Version: 1},
		},
		PurchaseOrders: []inventory.PurchaseOrder{
			{ID: "PO-1", Supplier: "Acme Pharma", Status: inventory.DocOpen, Version: 1, Lines: []inventory.POLine{
				{Line: 1, GTIN: gtinLot, Qty: 100}, {Line: 2, GTIN: gtinSerial, Qty: 2}}},
		},
		PickLists: []inventory.PickList{
			{ID: "PL-1", SalesOrder: "SO-1", Status: inventory.DocOpen, Version: 1, Lines: []inventory.PickLine{
				{Line: 1, GTIN: gtinLot, Lot: "L-A", Qty: 10, From: "A-01"}}},
		},
		SalesOrders: []inventory.SalesOrder{
			{ID: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.SOLine{{Line: 1, GTIN: gtinLot, Qty: 10}}},
		},
		Returns: []inventory.ReturnAuth{
			{ID: "RA-1", SalesOrder: "SO-1", Customer: "City Hospital", Status: inventory.DocOpen, Version: 1, Lines: []inventory.RetLine{{Line: 1, GTIN: gtinLot, Lot: "L-A", Qty: 2}}},
		},
	}
}

// openDB opens a real database file in a temp dir, seeded via ApplyChanges.
func openDB(tb testing.TB) *localdb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := localdb.Open(ctx, filepath.Join(tb.TempDir(), "terminal.db"), localdb.Options{Now: func() time.Time { return testStart }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.SetDevice(ctx, "term-test"); err != nil {
		tb.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, seed()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// harness drives an App synchronously: every command runs at once and its
// message is fed back, the way the Bubble Tea runtime would, with a fake
// clock and scheduled messages held (never slept on).
type harness struct {
	tb    testing.TB
	app   *App
	db    *localdb.DB
	now   time.Time
	later []tea.Msg // messages scheduled with After, not delivered
	quit  bool
}

func newHarness(tb testing.TB, db *localdb.DB, mod func(*Config)) *harness {
	tb.Helper()
	h := &harness{tb: tb, db: db, now: testStart}
	cfg := Config{
		DB:     db,
		Now:    func() time.Time { return h.now },
		Silent: true,
		Grace:  -1,
		After: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return func() tea.Msg { h.later = append(h.later, msg); return nil }
		},
	}
	if mod != nil {
		mod(&cfg)
	}
	h.app = New(cfg)
	h.run(h.app.Init())
	h.send(tea.WindowSizeMsg{Width: 30, Height: 16})
	return h
}

// run executes a command and everything it leads to.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.process([]tea.Msg{cmd()})
}

func (h *harness) process(queue []tea.Msg) {
	for n := 0; len(queue) > 0; n++ {
		if n > 10000 {
			h.tb.Fatal("message loop does not settle")
		}
		m := queue[0]
		queue = queue[1:]
		switch m := m.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		case tea.QuitMsg:
			h.quit = true
			continue
		}
		_, cmd := h.app.Update(m)
		if cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

// send delivers one message and settles.
func (h *harness) send(msg tea.Msg) { h.process([]tea.Msg{msg}) }

// key presses one named key ("enter", "esc", "f1", "3") as a person would:
// slowly, then lets the wedge release it.
func (h *harness) key(name string) {
	h.tb.Helper()
	h.now = h.now.Add(300 * time.Millisecond)
	h.send(keyMsg(name))
	h.flush()
}

// flush lets the wedge's burst window pass and releases held keys.
func (h *harness) flush() {
	h.now = h.now.Add(300 * time.Millisecond)
	h.send(wedgeFlushMsg{})
}

// typeSlow types text a key at a time like a person, then presses Enter.
func (h *harness) typeSlow(text string) {
	h.tb.Helper()
	for _, r := range text {
		h.key(string(r))
	}
	h.key("enter")
}

// burst types text as a keyboard-wedge scanner does: keys 5 ms apart,
// ending in Enter.
func (h *harness) burst(text string) {
	h.now = h.now.Add(300 * time.Millisecond)
	for _, r := range text {
		h.now = h.now.Add(5 * time.Millisecond)
		if r == 0x1d {
			h.send(tea.KeyPressMsg{Code: ']', Mod: tea.ModCtrl})
			continue
		}
		h.send(keyMsg(string(r)))
	}
	h.now = h.now.Add(5 * time.Millisecond)
	h.send(keyMsg("enter"))
}

// scan delivers a scan from a serial scanner.
func (h *harness) scan(text string) {
	h.now = h.now.Add(time.Second)
	h.send(ScanMsg{Text: text, Source: "serial", At: h.now})
}

// keyMsg builds the key press Bubble Tea would deliver for a name.
func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "f3":
		return tea.KeyPressMsg{Code: tea.KeyF3}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// screen is the current view without colours.
func (h *harness) screen() string { return ansi.Strip(h.app.render()) }

// must fails unless the screen contains every text.
func (h *harness) must(texts ...string) {
	h.tb.Helper()
	s := h.screen()
	for _, t := range texts {
		if !strings.Contains(s, t) {
			h.tb.Fatalf("screen lacks %q:\n%s", t, s)
		}
	}
}

// mustNot fails if the screen contains text.
func (h *harness) mustNot(text string) {
	h.tb.Helper()
	if s := h.screen(); strings.Contains(s, text) {
		h.tb.Fatalf("screen has %q:\n%s", text, s)
	}
}

// signIn signs op1 in with a badge scan and checks the menu shows.
func (h *harness) signIn() {
	h.tb.Helper()
	h.scan("BADGE-0001")
	h.must("Menu", "1 Receive")
}

func containsAll(s string, texts ...string) bool {
	for _, t := range texts {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}
