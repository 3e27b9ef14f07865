package evdev

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecoder: arbitrary device bytes never panic, and the text typed
// does not depend on how the bytes were split into reads.
func FuzzDecoder(f *testing.F) {
	for _, name := range []string{"64bit-ctrl.bin", "32bit-alt3.bin"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 600)], uint8(7), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint8, is32 bool) {
		l := Layout64
		if is32 {
			l = Layout32
		}
		km, _ := LookupKeymap("us")
		whole := NewDecoder(l, km).Feed(data)
		d := NewDecoder(l, km)
		var parts []byte
		step := int(split)%31 + 1
		for i := 0; i < len(data); i += step {
			parts = append(parts, d.Feed(data[i:min(i+step, len(data))])...)
		}
		if !bytes.Equal(whole, parts) {
			t.Fatalf("whole %q != split %q", whole, parts)
		}
	})
}
