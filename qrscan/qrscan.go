// Package qrscan finds and reads the QR codes in a picture: a screenshot of
// the page a user is on, an image file, a pasted image. Several codes in one
// picture are all read. It reads pixels only; what the codes say (an
// otpauth:// key, a Google Authenticator export, something else) is for the
// caller to judge.
//
// The decoder is github.com/makiuchi-d/gozxing, the Go port of ZXing. It is
// large (~2 MB of wasm), so the extension builds this package into a program
// of its own, loaded only when the user scans: the popup's first paint never
// fetches it.
//
// # Threat model
//
// A picture is untrusted: a web page draws whatever it likes. Scan bounds the
// picture's size, never panics on any pixels, and returns the codes' texts as
// they are (the caller validates them); its error messages never quote a
// code's text, which may hold a secret.
package qrscan

import (
	"cmp"
	"errors"
	"image"
	"slices"
	"strconv"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/panelkey/panelkey/errcode"
)

// MaxPixels bounds a picture: 8K by 4K, more than any screen's capture.
const MaxPixels = 8192 * 4096

// Gray is a picture as luminance, one byte a pixel (0 black, 255 white), row
// by row.
type Gray struct {
	Pix           []byte
	Width, Height int
}

// FromRGBA converts RGBA pixels (4 bytes a pixel, as a canvas's ImageData and
// image.RGBA hold them) to luminance. A transparent pixel reads as white, as
// a page shows it on its usual background.
func FromRGBA(pix []byte, width, height int) (Gray, error) {
	if err := checkSize(width, height); err != nil {
		return Gray{}, err
	}
	if len(pix) != 4*width*height {
		return Gray{}, newError(CodeImageInvalid, "the picture's pixels do not match its size")
	}
	g := Gray{Pix: make([]byte, width*height), Width: width, Height: height}
	for i := range g.Pix {
		p := pix[4*i : 4*i+4 : 4*i+4]
		// ITU-R BT.601 weights in tenths of a thousand, then alpha over white.
		y := (306*int(p[0]) + 601*int(p[1]) + 117*int(p[2]) + 512) >> 10
		a := int(p[3])
		g.Pix[i] = byte((y*a + 255*(255-a) + 127) / 255)
	}
	return g, nil
}

// FromImage converts any image to luminance.
func FromImage(img image.Image) (Gray, error) {
	b := img.Bounds()
	if err := checkSize(b.Dx(), b.Dy()); err != nil {
		return Gray{}, err
	}
	if rgba, ok := img.(*image.NRGBA); ok && rgba.Stride == 4*b.Dx() {
		return FromRGBA(rgba.Pix[:4*b.Dx()*b.Dy()], b.Dx(), b.Dy())
	}
	g := Gray{Pix: make([]byte, b.Dx()*b.Dy()), Width: b.Dx(), Height: b.Dy()}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, gr, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // premultiplied, 16 bits
			lum := (19595*r + 38470*gr + 7471*bl + 1<<15) >> 16
			g.Pix[y*b.Dx()+x] = byte((lum + (0xffff - a)) >> 8)
		}
	}
	return g, nil
}

func checkSize(width, height int) error {
	switch {
	case width <= 0 || height <= 0:
		return newError(CodeImageInvalid, "the picture is empty")
	case width > MaxPixels/height:
		return newError(CodeImageTooLarge, "the picture is "+strconv.Itoa(width)+"×"+strconv.Itoa(height)+
			" pixels; at most "+strconv.Itoa(MaxPixels/1_000_000)+" million are read")
	}
	return nil
}

// Scan reads every QR code in the picture and returns their texts, top to
// bottom and left to right, each text once. When no code can be read it
// fails with CodeNone (nothing that looks like a QR code) or CodeUnreadable
// (something does, but it cannot be read: damaged, blurred, cut off or too
// small). Light codes on a dark background are read too.
func Scan(g Gray) ([]string, error) {
	if err := checkSize(g.Width, g.Height); err != nil {
		return nil, err
	}
	if len(g.Pix) != g.Width*g.Height {
		return nil, newError(CodeImageInvalid, "the picture's pixels do not match its size")
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(g.Pix, g.Width, g.Height, 0, 0, g.Width, g.Height, false)
	if err != nil {
		return nil, newError(CodeImageInvalid, "the picture cannot be read")
	}
	located := false
	for _, s := range []gozxing.LuminanceSource{src, src.Invert()} {
		texts, found, err := scan(s)
		if err != nil {
			return nil, err
		}
		if len(texts) > 0 {
			return texts, nil
		}
		located = located || found
	}
	if located {
		return nil, newError(CodeUnreadable, "the picture has a QR code that cannot be read: it may be damaged, blurred, cut off or too small. Zoom in or use a sharper picture.")
	}
	return nil, newError(CodeNone, "the picture has no QR code")
}

var hints = map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}

// scan reads the codes of one luminance source; found reports whether
// anything shaped like a QR code was located when none could be read. A
// panic in the decoder (a port of another language's code, fuzzed here but
// not written here) reads as a code located and not read.
func scan(src gozxing.LuminanceSource) (texts []string, found bool, err error) {
	defer func() {
		if recover() != nil {
			texts, found, err = nil, true, nil
		}
	}()
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return nil, false, newError(CodeImageInvalid, "the picture cannot be read")
	}
	results, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
	if err != nil && !isReaderException(err) {
		return nil, false, newError(CodeImageInvalid, "the picture cannot be read")
	}
	type read struct {
		text string
		x, y float64
	}
	var reads []read
	for _, r := range results {
		x, y := topLeft(r.GetResultPoints())
		reads = append(reads, read{r.GetText(), x, y})
	}
	if len(reads) == 0 {
		matrix, err := bmp.GetBlackMatrix()
		if err != nil {
			return nil, false, nil
		}
		located, err := multidetector.NewMultiDetector(matrix).DetectMulti(hints)
		return nil, err == nil && len(located) > 0, nil
	}
	slices.SortStableFunc(reads, func(a, b read) int {
		return cmp.Or(cmp.Compare(a.y, b.y), cmp.Compare(a.x, b.x))
	})
	for _, r := range reads {
		if !slices.Contains(texts, r.text) {
			texts = append(texts, r.text)
		}
	}
	return texts, false, nil
}

func isReaderException(err error) bool {
	var re gozxing.ReaderException
	return errors.As(err, &re)
}

// topLeft is the smallest coordinates of a code's corner points (its finder
// patterns' centres).
func topLeft(points []gozxing.ResultPoint) (x, y float64) {
	if len(points) == 0 {
		return 0, 0
	}
	x, y = points[0].GetX(), points[0].GetY()
	for _, p := range points[1:] {
		x, y = min(x, p.GetX()), min(y, p.GetY())
	}
	return x, y
}

// Error is the error type returned by this package: a Code (one of the Code*
// constants in errors.go) for programs to branch on and a Message for people,
// which never quotes a code's text. Error() prefixes "qrscan: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "qrscan: " }

func newError(code, message string) *Error { return &Error{Code: code, Message: message} }
