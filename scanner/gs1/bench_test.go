package gs1

import "testing"

// Benchmark inputs: the four reference scans.
var (
	benchGS1128 = "]C1" + "01" + gtin + "17" + "261231" + "10" + "ABC123" + g + "21" + "SN0001234"
	benchDM     = "]d2" + "01" + gtin + "11" + "250101" + "17" + "271231" + "3103" + "001250" +
		"10" + "LOT-2026-11" + g + "21" + "SN000123456789" + g + "240" + "ADD-ID-77" + g + "30" + "12"
	benchDL    = "https://id.gs1.org/01/" + gtin + "/10/ABC123/21/SN0001234?17=261231"
	benchEAN13 = "]E0" + "4006381333931"
)

func benchParse(b *testing.B, in string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Parse(in, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGS1128(b *testing.B)      { benchParse(b, benchGS1128) }
func BenchmarkParseDataMatrix(b *testing.B)  { benchParse(b, benchDM) }
func BenchmarkParseDigitalLink(b *testing.B) { benchParse(b, benchDL) }
func BenchmarkParseEAN13(b *testing.B)       { benchParse(b, benchEAN13) }
