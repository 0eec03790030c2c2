package otpmigration_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/otpmigration"
)

// FuzzParse: never panics; a failure is an *Error with a code and a message;
// a batch's keys are what otpauth.Parse makes of their own URIs (valid and
// normal), its skipped entries are display-safe, its batch numbers consistent.
func FuzzParse(f *testing.F) {
	for _, x := range fixture {
		f.Add(x.uri())
	}
	f.Add("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
	f.Add("otpauth-migration://offline?data=CgQKAAgE")
	f.Add("otpauth-migration://offline/?data=&data=")
	f.Fuzz(func(t *testing.T, uri string) {
		b, err := otpmigration.Parse(uri)
		checkBatch(t, b, err)
	})
}

// FuzzDecode: the same for the payload's bytes.
func FuzzDecode(f *testing.F) {
	for _, x := range fixture {
		f.Add(x.bytes())
	}
	f.Add(export{entries: []entry{{secret: hello, name: "md5", algorithm: algMD5}, {}}, size: 3, index: 2, id: -1}.bytes())
	f.Add([]byte{0x0a, 0x03, 0x38, 0xff, 0x01, 0x49, 0, 0, 0, 0, 0, 0, 0, 0, 0x5d, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, payload []byte) {
		b, err := otpmigration.Decode(payload)
		checkBatch(t, b, err)
	})
}

func checkBatch(t *testing.T, b otpmigration.Batch, err error) {
	t.Helper()
	if err != nil {
		errcodetest.Coded[*otpmigration.Error](t, err)
		return
	}
	if b.Size < 1 || b.Size > otpmigration.MaxBatches || b.Index < 0 || b.Index >= b.Size {
		t.Fatalf("batch %d of %d", b.Index, b.Size)
	}
	if len(b.Keys)+len(b.Skipped) > otpmigration.MaxEntries {
		t.Fatalf("%d entries", len(b.Keys)+len(b.Skipped))
	}
	for _, k := range b.Keys {
		k2, err := otpauth.Parse(k.String())
		if err != nil || k2 != k {
			t.Fatalf("key %+v is not otpauth's own: %+v, %v", k, k2, err)
		}
	}
	for _, s := range b.Skipped {
		if s.Position < 1 || s.Code == "" || s.Message == "" {
			t.Fatalf("skipped %+v", s)
		}
		for _, text := range []string{s.Issuer, s.Name} {
			if !utf8.ValidString(text) || strings.IndexFunc(text, unicode.IsControl) >= 0 || utf8.RuneCountInString(text) > 65 {
				t.Fatalf("skipped entry's text %q is not display-safe", text)
			}
		}
	}
}
