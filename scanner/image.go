package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for image.Decode
	_ "image/png"
	"io"
	"os"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// ErrNoBarcode means an image was read but held no barcode we could decode.
var ErrNoBarcode = errors.New("no barcode found")

// DecodeImage finds barcodes in a PNG or JPEG image: DataMatrix, QR
// Code, Code 128 (GS1-128) and EAN/UPC, at most one of each, in that
// order. FNC1 separators come back as GS and the AIM identifier is the one
// a scanner would send (]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]C1 GS1-128, ]E0
// EAN-13 and UPC-A as 13 digits, ]E4 EAN-8). source names the scans.
func DecodeImage(r io.Reader, source string) ([]Scan, error) {
	img, format, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: not a PNG or JPEG image: %w", source, err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, fmt.Errorf("%s: %s image: %w", source, format, err)
	}
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER: true,
		// Turn a leading FNC1 into "]C1" and the others into GS.
		gozxing.DecodeHintType_ASSUME_GS1: true,
		gozxing.DecodeHintType_POSSIBLE_FORMATS: []gozxing.BarcodeFormat{
			gozxing.BarcodeFormat_EAN_13, gozxing.BarcodeFormat_EAN_8,
			gozxing.BarcodeFormat_UPC_A, gozxing.BarcodeFormat_UPC_E},
	}
	readers := []gozxing.Reader{
		datamatrix.NewDataMatrixReader(),
		qrcode.NewQRCodeReader(),
		oned.NewCode128Reader(),
		oned.NewMultiFormatUPCEANReader(hints),
	}
	var scans []Scan
	for _, rd := range readers {
		res, err := rd.Decode(bmp, hints)
		if err != nil {
			continue // this symbology is not in the image
		}
		scans = append(scans, scanFromResult(res, source))
	}
	if len(scans) == 0 {
		return nil, fmt.Errorf("%s: %w (tried DataMatrix, QR, Code 128, EAN/UPC)", source, ErrNoBarcode)
	}
	return scans, nil
}

func scanFromResult(res *gozxing.Result, source string) Scan {
	text := res.GetText()
	aim, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_SYMBOLOGY_IDENTIFIER].(string)
	// Code 128 with ASSUME_GS1 already put "]C1" in the text.
	text = strings.TrimPrefix(text, aim)
	switch res.GetBarcodeFormat() {
	case gozxing.BarcodeFormat_DATA_MATRIX, gozxing.BarcodeFormat_QR_CODE:
		// The decoder returns FNC1 in first position as a GS; a scanner
		// says it with the AIM modifier instead.
		if aim == "]d2" || aim == "]Q3" || aim == "]d5" || aim == "]Q5" {
			text = strings.TrimPrefix(text, "\x1d")
		}
	case gozxing.BarcodeFormat_UPC_A:
		// Scanners send UPC-A as EAN-13 with a leading zero under ]E0.
		if len(text) == 12 {
			text, aim = "0"+text, "]E0"
		}
	}
	return Scan{Data: []byte(text), AIM: aim, Source: source}
}

// imageSource yields the barcodes of one image file, then ends.
type imageSource struct {
	path string
	opt  Options
}

func newImageSource(path string, opt Options) Source { return &imageSource{path: path, opt: opt} }

func (s *imageSource) Name() string { return "image:" + s.path }

func (s *imageSource) Run(ctx context.Context, emit func(Event)) error {
	b, err := os.ReadFile(s.path)
	if err != nil {
		return fmt.Errorf("read image: %w", err)
	}
	scans, err := DecodeImage(bytes.NewReader(b), s.Name())
	if err != nil {
		return err
	}
	at := s.opt.now()
	for _, sc := range scans {
		if ctx.Err() != nil {
			return nil
		}
		sc.At = at
		emit(Event{Scan: &sc})
	}
	return nil
}
