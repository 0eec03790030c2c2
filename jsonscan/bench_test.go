package jsonscan

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// benchText is an array of n account-like objects.
func benchText(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		u := "u" + strconv.Itoa(i)
		b.WriteString(`{"id":"0b3e1a52-7c1d-4f0a-9d2e-` + strconv.Itoa(i) + `","user":"` + u + `","domain":"` + u +
			`.example","suspended":false,"totp":{"secret":"QBBVTA6W5JG4ZTGA","digits":6,"period":30},"mailboxes":[],` +
			`"note":"caf\u00e9 \"quoted\""}`)
	}
	b.WriteByte(']')
	return b.String()
}

type benchAccount struct {
	ID, User, Domain, Note string
	Suspended              bool
	Digits, Period         int64
}

func BenchmarkDecode(b *testing.B) {
	text := benchText(10000)
	b.Run("jsonscan", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			r := NewReader(text)
			var out []benchAccount
			err := r.Array(func(int) error {
				var a benchAccount
				err := r.Object(func(key string) error {
					var err error
					switch key {
					case "id":
						a.ID, err = r.String()
					case "user":
						a.User, err = r.String()
					case "domain":
						a.Domain, err = r.String()
					case "note":
						a.Note, err = r.String()
					case "suspended":
						a.Suspended, err = r.Bool()
					case "totp":
						err = r.Object(func(key string) error {
							var err error
							switch key {
							case "digits":
								a.Digits, err = r.Int()
							case "period":
								a.Period, err = r.Int()
							}
							return err
						})
					}
					return err
				})
				out = append(out, a)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			var out []struct {
				ID, User, Domain, Note string
				Suspended              bool
				TOTP                   struct{ Digits, Period int64 }
			}
			if err := json.Unmarshal([]byte(text), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("skip", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if err := NewReader(text).Skip(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
