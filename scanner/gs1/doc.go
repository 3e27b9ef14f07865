// Package gs1 decodes and validates GS1 data — AIM-prefixed scan data,
// element strings, bracketed text, Digital Link URIs and plain GTINs —
// against the GS1 Barcode Syntax Dictionary, and formats it back.
//
// It does no I/O. The Application Identifier table is generated from
// gs1-syntax-dictionary.txt (see NOTICE) by `go generate`.
package gs1
