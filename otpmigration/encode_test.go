package otpmigration_test

import (
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"time"
)

// The tests build exports with this encoder, written from the protocol
// buffers encoding guide (https://protobuf.dev/programming-guides/encoding/)
// and independent of the decoder: varints by encoding/binary.

// entry is an OtpParameters message's fields (zero: not written, as proto3
// writes its defaults).
type entry struct {
	secret                     []byte
	name, issuer               string
	algorithm, digits, otpType uint64
	counter                    uint64
}

// export is a MigrationPayload's fields.
type export struct {
	entries                  []entry
	version, size, index, id int32
}

func tag(b []byte, num, typ int) []byte { return binary.AppendUvarint(b, uint64(num)<<3|uint64(typ)) }

func appendLen(b []byte, num int, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = tag(b, num, 2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func appendVarint(b []byte, num int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return binary.AppendUvarint(tag(b, num, 0), v)
}

// int32 fields: a negative value is sign-extended to 64 bits (10 bytes).
func appendInt32(b []byte, num int, v int32) []byte { return appendVarint(b, num, uint64(int64(v))) }

func (e entry) bytes() []byte {
	var b []byte
	b = appendLen(b, 1, e.secret)
	b = appendLen(b, 2, []byte(e.name))
	b = appendLen(b, 3, []byte(e.issuer))
	b = appendVarint(b, 4, e.algorithm)
	b = appendVarint(b, 5, e.digits)
	b = appendVarint(b, 6, e.otpType)
	return appendVarint(b, 7, e.counter)
}

func (x export) bytes() []byte {
	var b []byte
	for _, e := range x.entries {
		b = tag(b, 1, 2) // written even when empty: an entry of defaults
		eb := e.bytes()
		b = binary.AppendUvarint(b, uint64(len(eb)))
		b = append(b, eb...)
	}
	b = appendInt32(b, 2, x.version)
	b = appendInt32(b, 3, x.size)
	b = appendInt32(b, 4, x.index)
	return appendInt32(b, 5, x.id)
}

// uri is the export as Google Authenticator's QR code holds it: standard
// base64, percent-encoded as a query value.
func (x export) uri() string {
	return "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(x.bytes()))
}

// Enum values of the format.
const (
	algSHA1, algSHA256, algSHA512, algMD5 = 1, 2, 3, 4
	digitsSix, digitsEight                = 1, 2
	typeHOTP, typeTOTP                    = 1, 2
)

// time1111111109 is an RFC 6238 Appendix B test time.
var time1111111109 = time.Unix(1111111109, 0)
