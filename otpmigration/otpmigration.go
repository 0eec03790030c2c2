// Package otpmigration reads Google Authenticator's export: the
// otpauth-migration://offline?data=… URIs its "Transfer accounts" QR codes
// hold. The data is a base64 protocol buffers MigrationPayload:
//
//	message MigrationPayload {
//	  repeated OtpParameters otp_parameters = 1;
//	  int32 version = 2;
//	  int32 batch_size = 3;   // how many QR codes the export spans
//	  int32 batch_index = 4;  // this one's place among them, from 0
//	  int32 batch_id = 5;     // the same in every QR code of one export
//	}
//	message OtpParameters {
//	  bytes secret = 1;       // the raw key (otpauth URIs carry it in base32)
//	  string name = 2;        // the label: "account" or "issuer:account"
//	  string issuer = 3;
//	  Algorithm algorithm = 4; // 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
//	  DigitCount digits = 5;   // 0 unspecified (6), 1 six, 2 eight
//	  OtpType type = 6;        // 0 unspecified (TOTP), 1 HOTP, 2 TOTP
//	  uint64 counter = 7;      // HOTP's counter
//	}
//
// An export of many accounts spans several QR codes (batches); Parse reads
// one, and Missing says which batches of an export have not been read.
// Each entry becomes an otpauth.Key, validated as otpauth.Parse validates a
// URI; an entry that cannot be one (an MD5 key, a broken secret) is listed as
// Skipped with the reason, and the others are kept. The period is always 30
// seconds: the format has no field for it.
//
// # Threat model
//
// An export holds every secret of an authenticator, and it arrives from a
// camera, a screenshot or a paste: untrusted input. Parse bounds its size,
// reads the protocol buffers by hand (no reflection, no generated code) and
// never panics. Error messages never quote the data or a secret; a skipped
// entry's issuer and name, shown so users know which one it was, are cleaned
// of control characters and invalid UTF-8 and shortened.
package otpmigration

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
)

// Limits of what Parse accepts.
const (
	// MaxURILen bounds a URI, in bytes. A QR code holds at most 4,296
	// characters; pasted text may join several codes' worth in one batch.
	MaxURILen = 64 << 10
	// MaxEntries bounds the entries of one batch, and MaxBatches the
	// batches of one export.
	MaxEntries = 1000
	MaxBatches = 1000
	// MaxNameLen bounds an entry's name and issuer together, in bytes.
	MaxNameLen = 512
)

// Prefix starts every export URI (compared without regard to case).
const Prefix = "otpauth-migration://offline"

// IsExport reports whether s, trimmed of surrounding white space, looks like
// an export URI (its prefix): what a scanned QR code's text is taken for.
func IsExport(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= len(Prefix) && strings.EqualFold(s[:len(Prefix)], Prefix)
}

// Batch is one QR code's share of an export.
type Batch struct {
	Keys    []otpauth.Key // the entries that are valid keys, in the export's order
	Skipped []Skipped     // the others, and why
	Version int           // the exporter's format version (Google Authenticator writes 1)
	Size    int           // how many batches the export has (1 when the data says 0)
	Index   int           // this batch's place, from 0
	ID      int           // the export's id, the same in each of its batches
}

// Skipped is an entry of the export that is not imported.
type Skipped struct {
	Position int    // the entry's place in its batch, from 1
	Issuer   string // display-safe (see the package's threat model)
	Name     string // display-safe
	Code     string // why, as a stable code: one of this package's, otpauth's or totp's
	Message  string // why, in words; never the secret
}

// Parse reads an export URI: otpauth-migration://offline?data=DATA, where
// DATA is the base64 MigrationPayload (percent-encoded or not; the URL-safe
// alphabet and missing padding are accepted too). Surrounding white space is
// ignored. Errors are *Error.
func Parse(uri string) (Batch, error) {
	s := strings.TrimSpace(uri)
	if len(s) > MaxURILen {
		return Batch{}, newError(CodeTooLong, "the export is "+strconv.Itoa(len(s))+" bytes long; at most "+strconv.Itoa(MaxURILen)+" are accepted")
	}
	if !IsExport(s) {
		return Batch{}, newError(CodeNotExport, "not a Google Authenticator export (otpauth-migration://offline?data=…)")
	}
	rest := s[len(Prefix):]
	if rest != "" && !strings.ContainsRune("?/#", rune(rest[0])) {
		return Batch{}, newError(CodeNotExport, "not a Google Authenticator export (otpauth-migration://offline?data=…)")
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest = strings.TrimPrefix(rest, "/")
	query, ok := strings.CutPrefix(rest, "?")
	if !ok {
		return Batch{}, newError(CodeDataMissing, "the export has no data parameter")
	}
	var data string
	found := false
	for _, part := range strings.Split(query, "&") {
		name, value, _ := strings.Cut(part, "=")
		if !strings.EqualFold(name, "data") {
			continue
		}
		if found {
			return Batch{}, newError(CodeDataInvalid, "the export has two data parameters")
		}
		found = true
		// '+' is base64's, not a space: exporters do not all escape it.
		v, err := url.QueryUnescape(strings.ReplaceAll(value, "+", "%2B"))
		if err != nil {
			return Batch{}, newError(CodeDataInvalid, "the export's data has a bad percent-escape")
		}
		data = v
	}
	if strings.TrimSpace(data) == "" {
		return Batch{}, newError(CodeDataMissing, "the export has no data parameter")
	}
	payload, err := decodeBase64(data)
	if err != nil {
		return Batch{}, newError(CodeDataInvalid, "the export's data is not base64")
	}
	return Decode(payload)
}

// decodeBase64 reads standard or URL-safe base64, padded or not, ignoring
// white space (a paste wrapped over lines).
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '=':
			return -1
		case r == '-':
			return '+'
		case r == '_':
			return '/'
		}
		return r
	}, s)
	return base64.RawStdEncoding.DecodeString(s)
}

// Decode reads a MigrationPayload's bytes. Unknown fields are skipped, as
// protocol buffers specify; a message that breaks the wire format, or batch
// numbers that contradict each other, is an *Error.
func Decode(payload []byte) (Batch, error) {
	var b Batch
	var entries [][]byte
	err := readMessage(payload, func(num uint64, v *value) error {
		switch num {
		case 1:
			e, err := v.bytes()
			if err == nil && len(entries) == MaxEntries {
				err = newError(CodeTooLong, "the export has more than "+strconv.Itoa(MaxEntries)+" accounts in one batch")
			}
			entries = append(entries, e)
			return err
		case 2:
			return v.int32Into(&b.Version)
		case 3:
			return v.int32Into(&b.Size)
		case 4:
			return v.int32Into(&b.Index)
		case 5:
			return v.int32Into(&b.ID)
		}
		return nil
	})
	if err != nil {
		return Batch{}, err
	}
	if b.Size == 0 {
		b.Size = 1
	}
	if b.Size < 0 || b.Size > MaxBatches || b.Index < 0 || b.Index >= b.Size {
		return Batch{}, newError(CodeBatchInvalid, "the export's batch numbers are inconsistent (batch "+
			strconv.Itoa(b.Index+1)+" of "+strconv.Itoa(b.Size)+")")
	}
	b.Keys = []otpauth.Key{}
	for i, e := range entries {
		p, err := decodeParameters(e)
		if err != nil {
			return Batch{}, err
		}
		k, err := p.key()
		if err != nil {
			code, msg := describe(err)
			b.Skipped = append(b.Skipped, Skipped{Position: i + 1, Issuer: display(p.issuer), Name: display(p.name), Code: code, Message: msg})
			continue
		}
		b.Keys = append(b.Keys, k)
	}
	return b, nil
}

// parameters is an OtpParameters message as read, before validation.
type parameters struct {
	secret                     []byte
	name, issuer               string
	algorithm, digits, otpType uint64
	counter                    uint64
}

func decodeParameters(data []byte) (parameters, error) {
	var p parameters
	err := readMessage(data, func(num uint64, v *value) error {
		switch num {
		case 1:
			return v.bytesInto(&p.secret)
		case 2:
			return v.stringInto(&p.name)
		case 3:
			return v.stringInto(&p.issuer)
		case 4:
			return v.uint64Into(&p.algorithm)
		case 5:
			return v.uint64Into(&p.digits)
		case 6:
			return v.uint64Into(&p.otpType)
		case 7:
			return v.uint64Into(&p.counter)
		}
		return nil
	})
	return p, err
}

// key makes the entry an otpauth.Key, validated by otpauth.Parse.
func (p parameters) key() (otpauth.Key, error) {
	k := otpauth.Key{Type: otpauth.TOTP, Period: totp.DefaultPeriod}
	switch p.otpType {
	case 0, 2: // unspecified: Google Authenticator's default kind
	case 1:
		k.Type, k.Period, k.Counter = otpauth.HOTP, 0, p.counter
	default:
		return k, newError(CodeTypeUnknown, "an unknown kind of key ("+strconv.FormatUint(p.otpType, 10)+"), neither TOTP nor HOTP")
	}
	switch p.algorithm {
	case 0, 1:
		k.Algorithm = totp.SHA1
	case 2:
		k.Algorithm = totp.SHA256
	case 3:
		k.Algorithm = totp.SHA512
	case 4:
		return k, newError(CodeAlgorithmUnsupported, "an MD5 key: panelkey computes SHA1, SHA256 and SHA512 codes only")
	default:
		return k, newError(CodeAlgorithmUnsupported, "an unknown algorithm ("+strconv.FormatUint(p.algorithm, 10)+")")
	}
	switch p.digits {
	case 0, 1:
		k.Digits = 6
	case 2:
		k.Digits = 8
	default:
		return k, newError(CodeDigitsUnsupported, "an unknown code length ("+strconv.FormatUint(p.digits, 10)+")")
	}
	if len(p.secret) == 0 {
		return k, newError(totp.CodeSecretEmpty, "the secret is empty")
	}
	if len(p.secret) > totp.MaxSecretChars*5/8 {
		return k, newError(totp.CodeSecretTooLong, "the secret has "+strconv.Itoa(len(p.secret))+" bytes; at most "+strconv.Itoa(totp.MaxSecretChars*5/8)+" are accepted")
	}
	k.Secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(p.secret)
	k.Issuer, k.Account = p.issuer, p.name
	if k.Issuer == "" {
		// The label's issuer, as an otpauth URI's label gives it.
		if i, a, ok := strings.Cut(p.name, ":"); ok {
			k.Issuer, k.Account = i, a
		}
	} else if a, ok := strings.CutPrefix(p.name, k.Issuer+":"); ok {
		k.Account = a
	}
	// The URI's parser checks the rest (clean text, the secret's length) in
	// the words every other import uses; its result is the normal form.
	if len(k.Issuer)+len(k.Account) > MaxNameLen {
		return k, newError(CodeNameTooLong, "the name and issuer are longer than "+strconv.Itoa(MaxNameLen)+" bytes")
	}
	return otpauth.Parse(k.String())
}

// describe is an entry error's code and message, whichever package's.
func describe(err error) (code, message string) {
	var e *Error
	var oe *otpauth.Error
	var te *totp.Error
	switch {
	case errors.As(err, &e):
		return e.Code, e.Message
	case errors.As(err, &oe):
		return oe.Code, strings.TrimPrefix(oe.Message, "label's ")
	case errors.As(err, &te):
		return te.Code, te.Message
	}
	return CodeMalformed, "the entry is not a valid key"
}

// display makes an entry's text safe and short enough to show.
func display(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	const max = 64
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}

// Gap is an export some of whose batches are missing.
type Gap struct {
	ID, Size int
	Missing  []int // the missing batches' numbers, from 1 (as "QR code 2 of 3")
}

// Missing reports, for each export among batches (told apart by ID and
// Size), the batches not among them, in the order the exports first appear.
// A batch given twice counts once.
func Missing(batches []Batch) []Gap {
	type export struct{ id, size int }
	var order []export
	seen := map[export]map[int]bool{}
	for _, b := range batches {
		e := export{b.ID, b.Size}
		if seen[e] == nil {
			seen[e] = map[int]bool{}
			order = append(order, e)
		}
		seen[e][b.Index] = true
	}
	var gaps []Gap
	for _, e := range order {
		var missing []int
		for i := 0; i < e.size; i++ {
			if !seen[e][i] {
				missing = append(missing, i+1)
			}
		}
		if len(missing) > 0 {
			gaps = append(gaps, Gap{ID: e.id, Size: e.size, Missing: missing})
		}
	}
	return gaps
}

// Error is the error type returned by this package: a Code (one of the Code*
// constants in errors.go) for programs to branch on and a Message for people,
// which never contains the data or a secret. Error() prefixes "otpmigration: ".
type Error = errcode.Prefixed[pkg]

type pkg struct{}

func (pkg) Prefix() string { return "otpmigration: " }

func newError(code, message string) *Error { return &Error{Code: code, Message: message} }
