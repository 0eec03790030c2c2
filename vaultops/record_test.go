package vaultops

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAsRecord(t *testing.T) {
	tests := []struct {
		name, raw string
		want      Record
	}{
		{"object", `{"user":"bob","n":1}`, Record{"user": json.RawMessage(`"bob"`), "n": json.RawMessage(`1`)}},
		{"empty object", `{}`, Record{}},
		{"null", `null`, nil},
		{"array", `[{"user":"bob"}]`, nil},
		{"string", `"bob"`, nil},
		{"number", `5`, nil},
		{"absent", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, AsRecord(json.RawMessage(tt.raw)))
		})
	}
}

func TestAsList(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []json.RawMessage
	}{
		{"array", `[1, {"a":2}]`, []json.RawMessage{json.RawMessage(`1`), json.RawMessage(`{"a":2}`)}},
		{"empty array", `[]`, []json.RawMessage{}},
		{"null", `null`, nil},
		{"object", `{"0":1}`, nil},
		{"string", `"x"`, nil},
		{"absent", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, AsList(json.RawMessage(tt.raw)))
		})
	}
}

func TestRecordFields(t *testing.T) {
	r := AsRecord(json.RawMessage(`{"text":"a\"b","empty":"","null":null,"number":5,"object":{"x":1},"array":[1]}`))
	tests := []struct {
		field, text string
		record      Record
		given       string // "" for nil
	}{
		{"text", `a"b`, nil, `"a\"b"`},
		{"empty", "", nil, ""},
		{"null", "", nil, ""},
		{"number", "", nil, `5`},
		{"object", "", Record{"x": json.RawMessage(`1`)}, `{"x":1}`},
		{"array", "", nil, `[1]`},
		{"absent", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			assert.Equal(t, tt.text, r.Text(tt.field))
			assert.Equal(t, tt.record, r.Record(tt.field))
			assert.Equal(t, tt.given, string(r.given(tt.field)))
		})
	}
	t.Run("a nil record has no fields", func(t *testing.T) {
		var none Record
		assert.Equal(t, "", none.Text("user"))
		assert.Nil(t, none.Record("whm"))
		assert.Nil(t, none.given("totp"))
	})
}

func TestJSONValues(t *testing.T) {
	assert.Equal(t, `"say \"hi\" \u003c\u0026\u003e ünïcode"`, string(jsonText(`say "hi" <&> ünïcode`)))
	assert.Equal(t, `""`, string(jsonText("")))
	assert.Equal(t, `true`, string(jsonBool(true)))
	assert.Equal(t, `false`, string(jsonBool(false)))
}
