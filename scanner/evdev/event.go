// Package evdev decodes Linux input_event records read from
// /dev/input/event* and translates a keyboard's key events into the text
// it types, so a USB HID barcode scanner can be read without a terminal.
//
// It is pure decoding (no device I/O, no build tags): the device itself is
// opened by package scanner.
package evdev

import (
	"encoding/binary"
	"time"
	"unsafe"
)

// Event types and codes used here (linux/input-event-codes.h).
const (
	EvSyn = 0x00
	EvKey = 0x01
	EvMsc = 0x04
)

// RecordLayout is the byte layout of struct input_event, which depends on
// the kernel's word size: a struct timeval (two longs) then type (u16),
// code (u16) and value (s32).
type RecordLayout struct {
	Name     string
	Size     int // bytes per record
	WordSize int // bytes of each timeval field
	Order    binary.ByteOrder
}

var (
	// Layout64 is input_event on 64-bit kernels (amd64, arm64): 24 bytes.
	Layout64 = RecordLayout{Name: "64-bit", Size: 24, WordSize: 8, Order: binary.LittleEndian}
	// Layout32 is input_event on 32-bit ARM (and i386) kernels: 16
	// bytes. Since Linux 5.0 the fields are __kernel_ulong_t seconds and
	// microseconds, still 32-bit, so time64 user space does not change it.
	Layout32 = RecordLayout{Name: "32-bit", Size: 16, WordSize: 4, Order: binary.LittleEndian}
)

// NativeLayout is the layout of this process's kernel as seen through
// read(2): a 32-bit process gets the 32-bit layout even on a 64-bit
// kernel (compat), so the process word size decides.
func NativeLayout() RecordLayout {
	if unsafe.Sizeof(uintptr(0)) == 4 {
		l := Layout32
		l.Order = binary.NativeEndian
		return l
	}
	l := Layout64
	l.Order = binary.NativeEndian
	return l
}

// Event is one decoded input_event.
type Event struct {
	Time  time.Time
	Type  uint16
	Code  uint16
	Value int32
}

// Decode decodes the whole records at the start of b and returns them and
// the number of bytes consumed (a trailing partial record is left).
func Decode(b []byte, l RecordLayout) ([]Event, int) {
	n := len(b) / l.Size
	evs := make([]Event, 0, n)
	for i := range n {
		r := b[i*l.Size : (i+1)*l.Size]
		var sec, usec int64
		w := l.WordSize
		if w == 8 {
			sec, usec = int64(l.Order.Uint64(r[0:8])), int64(l.Order.Uint64(r[8:16]))
		} else {
			// Unsigned since Linux 5.0 (y2038): read as uint32.
			sec, usec = int64(l.Order.Uint32(r[0:4])), int64(l.Order.Uint32(r[4:8]))
		}
		evs = append(evs, Event{
			Time:  time.Unix(sec, usec*1000),
			Type:  l.Order.Uint16(r[2*w:]),
			Code:  l.Order.Uint16(r[2*w+2:]),
			Value: int32(l.Order.Uint32(r[2*w+4:])),
		})
	}
	return evs, n * l.Size
}

// Encode appends e in layout l to b; tests and recorders use it.
func Encode(b []byte, e Event, l RecordLayout) []byte {
	r := make([]byte, l.Size)
	w := l.WordSize
	sec, usec := e.Time.Unix(), int64(e.Time.Nanosecond()/1000)
	if e.Time.IsZero() {
		sec, usec = 0, 0
	}
	if w == 8 {
		l.Order.PutUint64(r[0:], uint64(sec))
		l.Order.PutUint64(r[8:], uint64(usec))
	} else {
		l.Order.PutUint32(r[0:], uint32(sec))
		l.Order.PutUint32(r[4:], uint32(usec))
	}
	l.Order.PutUint16(r[2*w:], e.Type)
	l.Order.PutUint16(r[2*w+2:], e.Code)
	l.Order.PutUint32(r[2*w+4:], uint32(e.Value))
	return append(b, r...)
}

// Decoder turns a device's raw bytes into the text typed, across reads.
type Decoder struct {
	layout  RecordLayout
	tr      *Translator
	partial []byte
}

// NewDecoder returns a decoder for records in layout l typed on keymap km.
func NewDecoder(l RecordLayout, km Keymap) *Decoder {
	return &Decoder{layout: l, tr: NewTranslator(km)}
}

// Feed takes bytes as read from the device and returns the text they
// type: characters, '\r' for Enter, '\t' for Tab, 0x1D for GS.
func (d *Decoder) Feed(b []byte) []byte {
	if len(d.partial) > 0 {
		b = append(d.partial, b...)
	}
	evs, used := Decode(b, d.layout)
	d.partial = append([]byte(nil), b[used:]...)
	var out []byte
	for _, e := range evs {
		if e.Type == EvKey {
			out = d.tr.Key(e.Code, e.Value, out)
		}
	}
	return out
}

// Reset forgets a partial record and held modifiers (device reopened).
func (d *Decoder) Reset() {
	d.partial = nil
	d.tr.Reset()
}
