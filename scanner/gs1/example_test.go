package gs1_test

import (
	"errors"
	"fmt"

	"github.com/scanterm/scanterm/scanner/gs1"
)

func Example() {
	// A GS1-128 scan as a scanner sends it: AIM identifier, GS after the lot.
	m, err := gs1.Parse("]C1010950600013435217261231101234\x1d21XYZ", nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Form, m.Symbology, m.GTIN(), m.Lot(), m.Serial())
	fmt.Println(m.Bracketed())
	dl, _ := m.DigitalLink("")
	fmt.Println(dl)
	// Output:
	// scan ]C1 09506000134352 1234 XYZ
	// (01)09506000134352(17)261231(10)1234(21)XYZ
	// https://id.gs1.org/01/09506000134352/10/1234/21/XYZ?17=261231
}

func ExampleParse_errors() {
	_, err := gs1.Parse("]C1010950600013435317261231", nil)
	var e *gs1.Error
	if errors.As(err, &e) && errors.Is(err, gs1.ErrCheckDigit) {
		fmt.Println(e.Code, e.AI, e.Pos)
	}
	_, err = gs1.Parse("LOC-A01", nil)
	fmt.Println(errors.Is(err, gs1.ErrNotGS1))
	// Output:
	// check_digit 01 18
	// true
}
