package ui

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/jsonscan"
)

// DecodeVault decodes what encoding/json.Unmarshal decodes into a Vault.
func TestDecodeVaultAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"sample", sampleVault},
		{"nulls everywhere", `{"version":null,
 "servers":[null,{"id":null,"name":null,"address":null,"baseURL":null,"accountsFetchedAt":null,
   "whm":{"user":null,"token":null,"password":null,"accessHash":null,"totp":null},
   "accounts":[null,{"id":null,"user":null,"domain":null,"owner":null,"suspended":null,"missing":null,
     "password":null,"apiToken":null,"totp":null,"mailboxes":null},{"mailboxes":[null,{"email":null,"password":null}]}]},
  {"whm":null,"accounts":null}],
 "authenticators":[null,{"id":null,"issuer":null,"account":null,"secret":null,"algorithm":null,"digits":null,"period":null}],
 "history":[null]}`},
		{"null lists", `{"servers":null,"authenticators":null,"history":null}`},
		{"empty lists", `{"servers":[{"accounts":[{"mailboxes":[]}]}],"authenticators":[],"history":[]}`},
		{"empty object", `{}`},
		{"null document", ` null `},
		{"unknown fields", `{"future":{"deep":[1,{"x":null}],"s":"\u00e9"},"version":2,
 "servers":[{"id":"s1","extra":[[]],"whm":{"user":"root","scope":"all","totp":{"secret":"S","issuer":"x"}},
   "accounts":[{"id":"a1","plan":"gold","quota":1.5,"mailboxes":[{"email":"e","quota":null}]}]}],
 "authenticators":[{"id":"t1","color":"red"}],"settings":{"autoLockMinutes":5}}`},
		{"unicode", `{"servers":[{"id":"s\u0031","name":"caf\u00e9 \ud83d\ude00 \ud800 \udc00\ud800 \"q\" \\ \/ \t",
   "address":"日本.example","baseURL":"https://xn--wgv71a.example:2087",
   "accounts":[{"id":"a","user":"` + "bad\xffutf8\xed\xa0\x80" + `","domain":"\u0000\u001f"}]}]}`},
		{"2FA parameters", `{"servers":[{"id":"s","whm":{"user":"root","totp":{"secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA256","digits":8,"period":60}},
   "accounts":[{"id":"a","totp":{"secret":"ABC","algorithm":"SHA512","digits":7,"period":15}},{"id":"b","totp":{}}]}],
 "authenticators":[{"id":"t","issuer":"I","account":"A","secret":"S","algorithm":"SHA1","digits":6,"period":30},
   {"id":"u","digits":-1,"period":0}]}`},
		{"missing fields", `{"servers":[{},{"whm":{}},{"accounts":[{},{"totp":{"secret":"X"}}]}],"authenticators":[{}]}`},
		{"numbers", `{"version":-0,"servers":[{"accountsFetchedAt":1732539120000},{"accountsFetchedAt":-9223372036854775808}]}`},
		{"history", `{"history":[ {"id" : "h1", "form":{"serverId":"s1"}} , [1, 2],"s",3.5e1,true , null ,{}]}`},
		{"whitespace", " \n\t{ \"version\" : 1 , \"servers\" : [ { \"id\" : \"s\" } ] }\r\n"},
		{"generated, 2,000 accounts", bigVaultText(2, 1000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want Vault
			require.NoError(t, json.Unmarshal([]byte(tc.text), &want))
			got, err := DecodeVault(tc.text)
			require.NoError(t, err)
			assert.Equal(t, &want, got)
		})
	}
}

// The history's entries are their raw texts, and encoding/json writes them
// back as they were.
func TestVaultHistoryIsRaw(t *testing.T) {
	v, err := DecodeVault(`{"history":[ {"a" : [1]} ,null,"x"]}`)
	require.NoError(t, err)
	assert.Equal(t, []RawJSON{`{"a" : [1]}`, `null`, `"x"`}, v.History)
	b, err := json.Marshal(Vault{History: append(v.History, "")})
	require.NoError(t, err)
	assert.Equal(t, `{"version":0,"servers":null,"authenticators":null,"history":[{"a":[1]},null,"x",null]}`, string(b))
}

func TestDecodeVaultErrors(t *testing.T) {
	for _, tc := range []struct{ text, msg string }{
		{``, "vault document: syntax error at offset 0: unexpected end of input"},
		{`{"servers":`, "vault document: servers: syntax error at offset 11: unexpected end of input"},
		{`{"servers":"x"}`, "vault document: servers: expects an array, got string"},
		{`[]`, "vault document: expects an object, got array"},
		{`"SECRET"`, "vault document: expects an object, got string"},
		{`{"version":1.5}`, "vault document: version: expects an integer, got number with a fraction or exponent"},
		{`{"version":"1"}`, "vault document: version: expects an integer, got string"},
		{`{"servers":[{},{},{"accounts":[{},{},{},{},{},{"totp":{"digits":"SECRET"}}]}]}`,
			"vault document: servers[2].accounts[5].totp.digits: expects an integer, got string"},
		{`{"servers":[{"whm":{"totp":"SECRET"}}]}`, "vault document: servers[0].whm.totp: expects an object, got string"},
		{`{"servers":[{"whm":["SECRET"]}]}`, "vault document: servers[0].whm: expects an object, got array"},
		{`{"servers":[{"accounts":[{"suspended":"SECRET"}]}]}`,
			"vault document: servers[0].accounts[0].suspended: expects a bool, got string"},
		{`{"servers":[{"accounts":[{"mailboxes":[{"password":["SECRET"]}]}]}]}`,
			"vault document: servers[0].accounts[0].mailboxes[0].password: expects a string, got array"},
		{`{"servers":[{"accounts":{"SECRET":1}}]}`, "vault document: servers[0].accounts: expects an array, got object"},
		{`{"servers":[{"accountsFetchedAt":99999999999999999999}]}`,
			"vault document: servers[0].accountsFetchedAt: expects an integer, got number out of int64 range"},
		{`{"servers":["SECRET"]}`, "vault document: servers[0]: expects an object, got string"},
		{`{"authenticators":[{"id":"t1","secret":12345}]}`, "vault document: authenticators[0].secret: expects a string, got number"},
		{`{"authenticators":[{},{"period":true}]}`, "vault document: authenticators[1].period: expects an integer, got bool"},
		{`{"history":{"SECRET":1}}`, "vault document: history: expects an array, got object"},
		{`{"history":[SECRET]}`, "vault document: history[0]: syntax error at offset 12: invalid character looking for beginning of value"},
		{`{"servers":[{"name":"SECRET`, "vault document: servers[0].name: syntax error at offset 27: unexpected end of input"},
		{`{"servers":[{"name":"SECRET` + "\x01" + `"}]}`,
			"vault document: servers[0].name: syntax error at offset 27: invalid character in string literal"},
		{`{"future":{"x":SECRET}}`, "vault document: syntax error at offset 15: invalid character looking for beginning of value"},
		{`{"servers":[{"id":"a"} {"id":"SECRET"}]}`, "vault document: servers: syntax error at offset 23: invalid character after array element"},
		{`{"servers":[]} SECRET`, "vault document: syntax error at offset 15: invalid character after top-level value"},
		{`{"servers":[],}`, "vault document: syntax error at offset 14: invalid character looking for beginning of object key string"},
		{`{"SECRET" "x"}`, "vault document: syntax error at offset 10: invalid character after object key"},
		{`{"servers":[{"totp":nulL}]}`, "vault document: servers[0]: syntax error at offset 23: invalid character in literal null"},
		// A type error before a syntax error: the first is reported (encoding/json reports the syntax error).
		{`{"version":"SECRET",`, "vault document: version: expects an integer, got string"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			assert.Error(t, json.Unmarshal([]byte(tc.text), new(Vault)), "encoding/json rejects it too")
			v, err := DecodeVault(tc.text)
			assert.Nil(t, v)
			require.Error(t, err)
			assert.Equal(t, tc.msg, err.Error())
			assert.NotContains(t, err.Error(), "SECRET", "the document's text is never in the message")
			var se *jsonscan.SyntaxError
			var te *jsonscan.TypeError
			assert.True(t, errors.As(err, &se) || errors.As(err, &te), "the jsonscan error is wrapped")
		})
	}
}
