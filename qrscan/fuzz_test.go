package qrscan_test

import (
	"image/color"
	"testing"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/qrscan"
)

// FuzzScan: any pixels, never a panic; a failure is an *Error with a code.
// The first byte sets the width (1–64); the rest are the pixels, cut to
// whole rows.
func FuzzScan(f *testing.F) {
	img := page(60, 60, false)
	draw(f, img, "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", 0, 0, 60, color.Black, color.White)
	g, err := qrscan.FromImage(img)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(append([]byte{60 - 1}, g.Pix...))
	f.Add([]byte{0, 0})
	f.Add([]byte{2, 0, 255, 0, 255, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		w := int(data[0])%64 + 1
		pix := data[1:]
		h := len(pix) / w
		if h == 0 {
			return
		}
		texts, err := qrscan.Scan(qrscan.Gray{Pix: pix[:w*h], Width: w, Height: h})
		if err != nil {
			errcodetest.Coded[*qrscan.Error](t, err)
			return
		}
		if len(texts) == 0 {
			t.Fatal("no texts and no error")
		}
	})
}
