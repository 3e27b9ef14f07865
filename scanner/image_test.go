package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	dmenc "github.com/makiuchi-d/gozxing/datamatrix/encoder"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/scanterm/scanterm/scanner"
)

// render draws a module matrix at scale pixels per module with a quiet
// zone of quiet modules, as a label printer would.
func render(t *testing.T, get func(x, y int) bool, w, h, scale, quiet int) image.Image {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, (w+2*quiet)*scale, (h+2*quiet)*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := range h {
		for x := range w {
			if get(x, y) {
				for dy := range scale {
					for dx := range scale {
						img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{0})
					}
				}
			}
		}
	}
	return img
}

// gs1DataMatrix builds a GS1 DataMatrix (FNC1 first, FNC1 for each GS)
// for data. gozxing's DataMatrixWriter cannot emit FNC1, so the codewords
// are made here in ASCII mode (digit pairs 130+nn, chars c+1, FNC1 232,
// pads 129 then the 253-state randomised pad) and gozxing's own ECC200
// and module placement lay them out; the finder and timing patterns are
// drawn per data region as ISO/IEC 16022 describes.
func gs1DataMatrix(t *testing.T, data string) image.Image {
	t.Helper()
	cw := []byte{232}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == 0x1D:
			cw = append(cw, 232)
			i++
		case i+1 < len(data) && isDigit(c) && isDigit(data[i+1]):
			cw = append(cw, byte(130+int(c-'0')*10+int(data[i+1]-'0')))
			i += 2
		default:
			if c > 127 {
				t.Fatalf("gs1DataMatrix: non-ASCII %q", c)
			}
			cw = append(cw, c+1)
			i++
		}
	}
	info, err := dmenc.SymbolInfo_Lookup(len(cw), dmenc.SymbolShapeHint_FORCE_SQUARE, nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	dataLen := len(cw)
	for len(cw) < info.GetDataCapacity() {
		if len(cw) == dataLen {
			cw = append(cw, 129)
			continue
		}
		pos := len(cw) + 1 // 1-based position of this pad codeword
		v := 129 + (149*pos)%253 + 1
		if v > 254 {
			v -= 254
		}
		cw = append(cw, byte(v))
	}
	full, err := dmenc.ErrorCorrection_EncodeECC200(cw, info)
	if err != nil {
		t.Fatal(err)
	}
	pl := dmenc.NewDefaultPlacement(full, info.GetSymbolDataWidth(), info.GetSymbolDataHeight())
	pl.Place()
	rw, rh := info.GetMatrixWidth(), info.GetMatrixHeight() // one data region
	w, h := info.GetSymbolWidth(), info.GetSymbolHeight()
	get := func(x, y int) bool {
		rx, ry := x%(rw+2), y%(rh+2)
		switch {
		case rx == 0 || ry == rh+1: // solid L: left and bottom
			return true
		case ry == 0: // top timing
			return rx%2 == 0
		case rx == rw+1: // right timing
			return ry%2 == 1
		}
		return pl.GetBit((x/(rw+2))*rw+rx-1, (y/(rh+2))*rh+ry-1)
	}
	return render(t, get, w, h, 6, 3)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func bitMatrixImage(t *testing.T, bm *gozxing.BitMatrix, err error) image.Image {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return render(t, bm.Get, bm.GetWidth(), bm.GetHeight(), 3, 10)
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const gs1Data = "010950600013435217261231\x1d10LOT-42\x1d21SN0001"

func TestDecodeGeneratedImages(t *testing.T) {
	qrGS1 := func() image.Image {
		bm, err := qrcode.NewQRCodeWriter().Encode(gs1Data, gozxing.BarcodeFormat_QR_CODE, 0, 0,
			map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_GS1_FORMAT: true})
		return bitMatrixImage(t, bm, err)
	}
	dl := "https://id.gs1.org/01/09506000134352/10/LOT-42"
	qrDL := func() image.Image {
		bm, err := qrcode.NewQRCodeWriter().Encode(dl, gozxing.BarcodeFormat_QR_CODE, 0, 0, nil)
		return bitMatrixImage(t, bm, err)
	}
	gs1128 := func() image.Image {
		// U+00F1 is the writer's FNC1 escape.
		bm, err := oned.NewCode128Writer().Encode("\u00f10109506000134352\u00f110LOT-42", gozxing.BarcodeFormat_CODE_128, 0, 80, nil)
		return bitMatrixImage(t, bm, err)
	}
	oneD := func(w gozxing.Writer, f gozxing.BarcodeFormat, s string) func() image.Image {
		return func() image.Image {
			bm, err := w.Encode(s, f, 0, 80, nil)
			return bitMatrixImage(t, bm, err)
		}
	}
	for _, tc := range []struct {
		name      string
		img       func() image.Image
		aim, data string
	}{
		{"gs1-datamatrix", func() image.Image { return gs1DataMatrix(t, gs1Data) }, "]d2", gs1Data},
		{"gs1-qr", qrGS1, "]Q3", gs1Data},
		{"qr-digital-link", qrDL, "]Q1", dl},
		{"gs1-128", gs1128, "]C1", "0109506000134352\x1d10LOT-42"},
		{"ean13", oneD(oned.NewEAN13Writer(), gozxing.BarcodeFormat_EAN_13, "9506000134352"), "]E0", "9506000134352"},
		{"upca", oneD(oned.NewUPCAWriter(), gozxing.BarcodeFormat_UPC_A, "012345678905"), "]E0", "0012345678905"},
		{"ean8", oneD(oned.NewEAN8Writer(), gozxing.BarcodeFormat_EAN_8, "96385074"), "]E4", "96385074"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := tc.img()
			for _, enc := range []struct {
				ext string
				b   []byte
			}{{"png", encodePNG(t, img)}, {"jpg", encodeJPEG(t, img)}} {
				path := filepath.Join(t.TempDir(), tc.name+"."+enc.ext)
				if err := os.WriteFile(path, enc.b, 0o644); err != nil {
					t.Fatal(err)
				}
				src, err := scanner.Open("image:"+path, scanner.Options{})
				if err != nil {
					t.Fatal(err)
				}
				var got []scanner.Scan
				if err := src.Run(context.Background(), func(e scanner.Event) {
					if e.Scan != nil {
						got = append(got, *e.Scan)
					}
				}); err != nil {
					t.Fatalf("%s: %v", enc.ext, err)
				}
				if len(got) != 1 || got[0].AIM != tc.aim || string(got[0].Data) != tc.data {
					t.Fatalf("%s: scans = %q, want one %s %q", enc.ext, got, tc.aim, tc.data)
				}
				if got[0].Source != "image:"+path {
					t.Errorf("Source = %q", got[0].Source)
				}
			}
		})
	}
}

func TestDecodeImageErrors(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.png")
	os.WriteFile(blank, encodePNG(t, image.NewGray(image.Rect(0, 0, 50, 50))), 0o644)
	notImage := filepath.Join(dir, "notes.txt")
	os.WriteFile(notImage, []byte("hello"), 0o644)
	for _, tc := range []struct {
		path string
		want string
		is   error
	}{
		{blank, "no barcode found", scanner.ErrNoBarcode},
		{notImage, "not a PNG or JPEG", nil},
		{filepath.Join(dir, "missing.png"), "no such file", os.ErrNotExist},
	} {
		src, _ := scanner.Open("image:"+tc.path, scanner.Options{})
		err := src.Run(context.Background(), func(scanner.Event) {})
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("%s: err = %v, want %q", tc.path, err, tc.want)
		}
	}
}
