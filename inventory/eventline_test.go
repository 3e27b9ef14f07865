package inventory

import (
	"encoding/json"
	"testing"
	"time"
)

// TestEventLineBytes pins the bytes of `scanterm events --json` and
// `scanhub events --json` lines: field order, the fields always present,
// received_at only where set (the hub), sscc only on events that have one.
func TestEventLineBytes(t *testing.T) {
	at := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	e := Event{ID: "0190a1b2-0000-7000-8000-000000000001", Device: "dock-1", Seq: 7, Operator: "op1", At: at,
		Kind: KindReceive, GTIN: "09506000134352", Lot: "L1", Qty: 3, To: "DOCK-1", Doc: "PO-1", DocLine: 2, Note: "n"}
	const head = `{"id":"0190a1b2-0000-7000-8000-000000000001","device":"dock-1","seq":7,"kind":"receive","gtin":"09506000134352",` +
		`"lot":"L1","serial":"","expiry":"","qty":3,"from":"","to":"DOCK-1","doc":"PO-1","at":"2026-11-26T08:30:00Z"`
	received := at.Add(time.Minute)
	var zero time.Time
	withSSCC := e
	withSSCC.SSCC = "095060000000000015"
	withOverride := e
	withOverride.Override = "NOTFOUND"
	for _, c := range []struct {
		name string
		line EventLine
		want string
	}{
		{"terminal", NewEventLine(e), head + `}`},
		{"terminal with sscc", NewEventLine(withSSCC), head + `,"sscc":"095060000000000015"}`},
		{"hub", func() EventLine { l := NewEventLine(e); l.ReceivedAt = &received; return l }(), head + `,"received_at":"2026-11-26T08:31:00Z"}`},
		{"hub with sscc", func() EventLine { l := NewEventLine(withSSCC); l.ReceivedAt = &received; return l }(),
			head + `,"received_at":"2026-11-26T08:31:00Z","sscc":"095060000000000015"}`},
		{"override with who gave it", NewEventLine(withOverride), head + `,"override":"NOTFOUND","override_by":"op1"}`},
		// A hub line always has received_at, even a zero one.
		{"hub, zero received_at", func() EventLine { l := NewEventLine(e); l.ReceivedAt = &zero; return l }(),
			head + `,"received_at":"0001-01-01T00:00:00Z"}`},
	} {
		b, err := json.Marshal(c.line)
		if err != nil || string(b) != c.want {
			t.Errorf("%s:\n got  %s (%v)\n want %s", c.name, b, err, c.want)
		}
	}
}
