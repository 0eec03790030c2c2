package qrscan_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/qrscan"
	"github.com/panelkey/panelkey/tests/golden"
)

// Three keys of the e2e fixture: RFC 6238's SHA1 seed and two others.
var threeKeys = []string{
	"otpauth://totp/Fixture:one?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Fixture",
	"otpauth://totp/Fixture:two?secret=JBSWY3DPEHPK3PXP&issuer=Fixture",
	"otpauth://totp/Fixture:three?secret=MFRGGZDFMZTWQ2LK&issuer=Fixture&digits=8",
}

// page is a light page with lines of text-like marks (noise a decoder must
// not take for codes), or a blank one when noisy is false.
func page(w, h int, noisy bool) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	if !noisy {
		return img
	}
	r := rand.New(rand.NewPCG(1, 2))
	for y0 := 5; y0+9 < h; y0 += 20 {
		for x := 20; x < w-20; x++ {
			if r.IntN(3) == 0 {
				for y := y0; y < y0+9; y++ {
					if r.IntN(2) == 0 {
						img.Set(x, y, color.RGBA{40, 40, 60, 255})
					}
				}
			}
		}
	}
	return img
}

// draw puts a QR code of text at (x0, y0), size pixels wide, with its quiet
// zone, in fg on bg.
func draw(t testing.TB, img *image.RGBA, text string, x0, y0, size int, fg, bg color.Color) {
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size,
		map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_MARGIN: 4})
	require.NoError(t, err)
	for y := 0; y < m.GetHeight(); y++ {
		for x := 0; x < m.GetWidth(); x++ {
			c := bg
			if m.Get(x, y) {
				c = fg
			}
			img.Set(x0+x, y0+y, c)
		}
	}
}

func scan(t testing.TB, img image.Image) ([]string, error) {
	t.Helper()
	g, err := qrscan.FromImage(img)
	require.NoError(t, err)
	return qrscan.Scan(g)
}

func code(t *testing.T, err error) string {
	t.Helper()
	e := errcodetest.As[*qrscan.Error](t, err)
	return e.Code
}

func TestScanOne(t *testing.T) {
	img := page(1280, 800, true)
	draw(t, img, threeKeys[0], 540, 300, 220, color.Black, color.White)
	texts, err := scan(t, img)
	require.NoError(t, err)
	assert.Equal(t, threeKeys[:1], texts)
}

func TestScanSeveral(t *testing.T) {
	img := page(1280, 800, true)
	draw(t, img, threeKeys[2], 540, 400, 200, color.Black, color.White)
	draw(t, img, threeKeys[1], 1000, 120, 200, color.Black, color.White)
	draw(t, img, threeKeys[0], 60, 80, 200, color.Black, color.White)
	texts, err := scan(t, img)
	require.NoError(t, err)
	assert.Equal(t, threeKeys, texts, "top to bottom, then left to right")
}

func TestScanSameCodeTwice(t *testing.T) {
	img := page(900, 400, false)
	draw(t, img, threeKeys[1], 20, 20, 250, color.Black, color.White)
	draw(t, img, threeKeys[1], 500, 20, 250, color.Black, color.White)
	texts, err := scan(t, img)
	require.NoError(t, err)
	assert.Equal(t, threeKeys[1:2], texts)
}

// A dark theme's light code on a dark background.
func TestScanInverted(t *testing.T) {
	img := page(600, 400, false)
	draw(t, img, threeKeys[0], 100, 50, 250, color.RGBA{230, 230, 230, 255}, color.RGBA{20, 22, 30, 255})
	texts, err := scan(t, img)
	require.NoError(t, err)
	assert.Equal(t, threeKeys[:1], texts)
}

func TestScanNone(t *testing.T) {
	_, err := scan(t, page(1280, 800, true))
	assert.Equal(t, qrscan.CodeNone, code(t, err))
	assert.Contains(t, err.Error(), "no QR code")
}

// A code with its data modules scribbled over keeps its finder patterns: it
// is found, and cannot be read.
func TestScanUnreadable(t *testing.T) {
	img := page(600, 600, false)
	draw(t, img, threeKeys[0], 100, 100, 300, color.Black, color.White)
	r := rand.New(rand.NewPCG(3, 4))
	for y := 200; y < 300; y++ {
		for x := 200; x < 300; x++ {
			if r.IntN(2) == 0 {
				img.Set(x, y, color.Black)
			} else {
				img.Set(x, y, color.White)
			}
		}
	}
	_, err := scan(t, img)
	assert.Equal(t, qrscan.CodeUnreadable, code(t, err))
	assert.NotContains(t, err.Error(), "GEZDGNBV")
}

// FromRGBA reads a canvas's pixels: straight alpha, transparent as white.
func TestFromRGBA(t *testing.T) {
	g, err := qrscan.FromRGBA([]byte{0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255, 0, 0, 255}, 2, 2)
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 255, 255, 76}, g.Pix)

	img := image.NewNRGBA(image.Rect(0, 0, 500, 500)) // transparent
	rgba := page(500, 500, false)
	draw(t, rgba, threeKeys[1], 100, 100, 250, color.Black, color.White)
	for y := 100; y < 350; y++ {
		for x := 100; x < 350; x++ {
			if rgba.RGBAAt(x, y).R == 0 {
				img.Set(x, y, color.Black)
			}
		}
	}
	texts, err := scan(t, img)
	require.NoError(t, err)
	assert.Equal(t, threeKeys[1:2], texts)
}

func TestImageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  func() error
		code string
	}{
		{"empty", func() error { _, err := qrscan.FromRGBA(nil, 0, 0); return err }, qrscan.CodeImageInvalid},
		{"negative", func() error { _, err := qrscan.FromRGBA(nil, -1, 5); return err }, qrscan.CodeImageInvalid},
		{"short pixels", func() error { _, err := qrscan.FromRGBA(make([]byte, 15), 2, 2); return err }, qrscan.CodeImageInvalid},
		{"too large", func() error { _, err := qrscan.FromRGBA(nil, 1<<20, 1<<20); return err }, qrscan.CodeImageTooLarge},
		{"overflowing size", func() error { _, err := qrscan.FromRGBA(nil, 1<<62, 4); return err }, qrscan.CodeImageTooLarge},
		{"gray pixels short", func() error {
			_, err := qrscan.Scan(qrscan.Gray{Pix: make([]byte, 3), Width: 2, Height: 2})
			return err
		}, qrscan.CodeImageInvalid},
		{"empty image", func() error { _, err := qrscan.FromImage(image.NewGray(image.Rect(0, 0, 0, 0))); return err }, qrscan.CodeImageInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, code(t, tc.err()))
		})
	}
}

// testdata/three-codes.png is the e2e's image file with three codes.
func TestThreeCodesFixture(t *testing.T) {
	texts := scanFixture(t, "testdata/three-codes.png", func() *image.RGBA {
		img := page(900, 340, false)
		for i, k := range threeKeys {
			draw(t, img, k, 20+i*290, 30, 280, color.Black, color.White)
		}
		return img
	})
	assert.Equal(t, threeKeys, texts)
}

// testdata/export-two-codes.png is the e2e's picture of a Google
// Authenticator export: the two QR codes of otpmigration's fixture export
// (../otpmigration/testdata/export.txt, made from known secrets), side by
// side, as a screenshot of the phone's two transfer screens would hold them.
func TestExportCodesFixture(t *testing.T) {
	text, err := os.ReadFile("../otpmigration/testdata/export.txt")
	require.NoError(t, err)
	export := strings.Split(strings.TrimSpace(string(text)), "\n")
	require.Len(t, export, 2)
	texts := scanFixture(t, "testdata/export-two-codes.png", func() *image.RGBA {
		img := page(860, 460, false)
		for i, line := range export {
			draw(t, img, line, 20+i*420, 20, 400, color.Black, color.White)
		}
		return img
	})
	assert.ElementsMatch(t, export, texts, "both QR codes, in the order the scan finds them")
}

// scanFixture reads the picture a fixture file holds (rewritten first from
// paint with -update) and returns what scanning it finds.
func scanFixture(t *testing.T, name string, paint func() *image.RGBA) []string {
	t.Helper()
	file := golden.Fixture(t, name, func() []byte {
		var b bytes.Buffer
		require.NoError(t, png.Encode(&b, paint()))
		return b.Bytes()
	})
	img, err := png.Decode(bytes.NewReader(file))
	require.NoError(t, err)
	texts, err := scan(t, img)
	require.NoError(t, err)
	return texts
}

func BenchmarkScan(b *testing.B) {
	for _, n := range []int{0, 1, 3} {
		img := page(1280, 800, true)
		for i := range n {
			draw(b, img, threeKeys[i], 60+i*420, 80+i*200, 200, color.Black, color.White)
		}
		g, err := qrscan.FromImage(img)
		require.NoError(b, err)
		b.Run([]string{"none", "one", "", "three"}[n], func(b *testing.B) {
			for b.Loop() {
				_, _ = qrscan.Scan(g)
			}
		})
	}
}
