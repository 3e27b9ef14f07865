package scanner_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/scanterm/scanterm/scanner"
)

// A TUI feeds each key press to a Wedge with its arrival time. Here a
// scanner types a GS1-128 barcode at 250 keys/s, then a person types "7"
// and Enter.
func ExampleWedge() {
	w := scanner.NewWedge(scanner.WedgeConfig{})
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	handle := func(r scanner.Result) {
		for _, k := range r.Keys {
			fmt.Printf("typed key %v\n", k.Raw) // the TUI's own message, handled as usual
		}
		for _, s := range r.Scans {
			fmt.Printf("scan %s %q\n", s.AIM, s.Data)
		}
	}
	for _, c := range "]C10109506000134352\x1d10AB\r" {
		k := scanner.Key{Kind: scanner.KeyRune, Text: string(c), Raw: string(c)}
		switch c {
		case '\r':
			k.Kind = scanner.KeyEnter
		case 0x1D: // Ctrl+]
			k.Kind = scanner.KeyGS
		}
		handle(w.Key(k, at))
		at = at.Add(4 * time.Millisecond)
	}
	at = at.Add(2 * time.Second)
	handle(w.Key(scanner.Key{Kind: scanner.KeyRune, Text: "7", Raw: "7"}, at))
	// Nothing yet: "7" might start a scan. The TUI schedules a tick for
	// the deadline and calls Flush then.
	if dl, ok := w.Deadline(); ok {
		handle(w.Flush(dl))
	}
	at = at.Add(300 * time.Millisecond)
	handle(w.Key(scanner.Key{Kind: scanner.KeyEnter, Raw: "enter"}, at))
	// Output:
	// scan ]C1 "0109506000134352\x1d10AB"
	// typed key 7
	// typed key enter
}

// Any source is consumed the same way: Run delivers events until the
// context ends or the input does.
func ExampleOpen() {
	src, err := scanner.Open("stdin", scanner.Options{Stdin: strings.NewReader("]d2010950600013435210LOT\n")})
	if err != nil {
		fmt.Println(err)
		return
	}
	err = src.Run(context.Background(), func(e scanner.Event) {
		switch {
		case e.Scan != nil:
			fmt.Printf("%s %s %q\n", e.Scan.Source, e.Scan.AIM, e.Scan.Data)
		case e.Status != nil:
			fmt.Printf("%s connected=%v\n", e.Status.Source, e.Status.Connected)
		}
	})
	fmt.Println("done", err)
	// Output:
	// stdin connected=true
	// stdin ]d2 "010950600013435210LOT"
	// done <nil>
}
