// Package gs1 decodes and validates GS1 data — AIM-prefixed scan data,
// element strings, bracketed text, Digital Link URIs and plain GTINs —
// against the GS1 Barcode Syntax Dictionary, and formats it back.
//
// It does no I/O. The Application Identifier table (aitable_gen.go) is
// generated from gs1-syntax-dictionary.txt by `go generate` (see NOTICE
// for its source and licence); a test fails when the committed table is
// stale.
//
// # Validation
//
// Parse applies every rule of the dictionary: AI lengths and components,
// character sets (N, CSET 82, CSET 39, CSET 64), the linters (check digits
// and check character pairs, dates with DD=00 meaning end of month, times,
// country, currency and package codes, IBAN, coupons, …), mandatory
// associations (req), invalid pairs (ex), Digital Link key qualifiers and
// attributes. The same AI twice with different values is refused; an exact
// repeat is kept once. A variable-length value that breaks its rules but
// reads as two elements run together is reported as ErrMissingSeparator:
// the typical trace of a keyboard-wedge scanner that dropped the GS.
//
// Every refusal is an *Error with a stable Code, a message for the person
// at the scanner, the AI and the byte position in the input; errors.Is
// matches it against the Err… sentinels. ErrNotGS1 marks data that is not
// GS1 at all, which callers treat as a plain code (location labels, badges).
//
// # Speed
//
// A typical scan parses with one allocation (the returned Elements): AIs
// are looked up through arrays indexed by their digits, values are
// substrings of the input, req/ex patterns are precompiled to integer
// ranges, and elements collect in a stack buffer.
package gs1
