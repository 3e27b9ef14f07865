package scanner

// SymbologyName names the symbology an AIM identifier stands for, for
// people ("GS1 DataMatrix" for "]d2"); "" if unknown.
func SymbologyName(aim string) string {
	if len(aim) != 3 || aim[0] != ']' {
		return ""
	}
	switch aim {
	case "]C1":
		return "GS1-128"
	case "]d2":
		return "GS1 DataMatrix"
	case "]Q3":
		return "GS1 QR Code"
	case "]e0":
		return "GS1 DataBar"
	case "]E0":
		return "EAN-13 / UPC-A"
	case "]E4":
		return "EAN-8"
	case "]J1":
		return "GS1 DotCode"
	}
	switch aim[1] {
	case 'A':
		return "Code 39"
	case 'C':
		return "Code 128"
	case 'd':
		return "DataMatrix"
	case 'Q':
		return "QR Code"
	case 'E':
		return "EAN/UPC"
	case 'F':
		return "Codabar"
	case 'G':
		return "Code 93"
	case 'I':
		return "ITF"
	case 'L':
		return "PDF417"
	case 'z':
		return "Aztec"
	case 'e':
		return "GS1 DataBar"
	}
	return ""
}
