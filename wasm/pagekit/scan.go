//go:build js && wasm

package pagekit

import (
	"syscall/js"

	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// ScanImage returns the texts of the QR codes in a picture: source is a Blob
// (an image file, a pasted image) or an image URL (a tab's capture). The
// decoder runs in a worker of its own (shell.scanImage), loaded at the first
// scan. A picture without a code fails with qr-none, one whose code cannot be
// read with qr-unreadable (qrscan's codes).
func (s Shell) ScanImage(source js.Value) ([]string, error) {
	v, err := jsvalue.Await(s.V.Call("scanImage", source))
	if err != nil {
		return nil, err
	}
	texts := jsvalue.Field(v, "texts")
	out := make([]string, texts.Length())
	for i := range out {
		out[i] = texts.Index(i).String()
	}
	return out, nil
}

// CaptureTab returns the visible part of the active tab as a PNG data: URL
// (the popup may, once the user opened it on that tab: activeTab).
func (s Shell) CaptureTab() (string, error) {
	v, err := jsvalue.Await(s.V.Call("captureTab"))
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// TakeIntent returns what a keyboard shortcut asked the popup to do as it
// opens ("copy", "scan"), once; "" when nothing was asked.
func (s Shell) TakeIntent() string {
	v, err := jsvalue.Await(s.V.Call("takeIntent"))
	if err != nil || v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
