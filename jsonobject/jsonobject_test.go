package jsonobject

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, raw string
		want      Object
	}{
		{"members in their order", `{"user":"bob","n":1,"a":{"b":[1,"}"]}}`,
			Object{{"user", json.RawMessage(`"bob"`)}, {"n", json.RawMessage(`1`)}, {"a", json.RawMessage(`{"b":[1,"}"]}`)}}},
		{"white space around anything", " \n{ \"a\" :\t[ 1 , 2 ] ,\r\"b\": null }\n",
			Object{{"a", json.RawMessage(`[ 1 , 2 ]`)}, {"b", json.RawMessage(`null`)}}},
		{"a repeated name: its first place, its last value", `{"a":1,"b":2,"a":3}`,
			Object{{"a", json.RawMessage(`3`)}, {"b", json.RawMessage(`2`)}}},
		{"escaped names are read", `{"\u0075ser":"x","q\"\\":true}`,
			Object{{"user", json.RawMessage(`"x"`)}, {`q"\`, json.RawMessage(`true`)}}},
		{"strings with brackets, quotes and backslashes", `{"s":"a\"}]\\","t":-1.5e3}`,
			Object{{"s", json.RawMessage(`"a\"}]\\"`)}, {"t", json.RawMessage(`-1.5e3`)}}},
		{"a repeated name in a long object", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"b":"B","j":10,"a":"A"}`,
			Object{{"a", json.RawMessage(`"A"`)}, {"b", json.RawMessage(`"B"`)}, {"c", json.RawMessage(`3`)}, {"d", json.RawMessage(`4`)},
				{"e", json.RawMessage(`5`)}, {"f", json.RawMessage(`6`)}, {"g", json.RawMessage(`7`)}, {"h", json.RawMessage(`8`)},
				{"i", json.RawMessage(`9`)}, {"j", json.RawMessage(`10`)}}},
		{"empty object", `{ }`, Object{}},
		{"null", `null`, nil},
		{"array", `[{"user":"bob"}]`, nil},
		{"string", `"{}"`, nil},
		{"number", `5`, nil},
		{"absent", ``, nil},
		// Not valid JSON: nothing useful, and no panic.
		{"cut short", `{"a":1,`, nil},
		{"cut in a name", `{"a`, nil},
		{"no colon", `{"a" 1}`, nil},
		{"no value", `{"a":}`, nil},
		{"open container", `{"a":[1,2}`, nil},
		{"open string value", `{"a":"x}`, nil},
		{"junk after a value", `{"a":1 2}`, nil},
		{"a name that is not a string", `{a:1}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Parse(json.RawMessage(tt.raw)))
		})
	}
}

func TestParseLong(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 100000 {
		fmt.Fprintf(&b, `"m%d":%d,`, i%50000, i)
	}
	b.WriteString(`"last":true}`)
	r := Parse(json.RawMessage(b.String()))
	require.Len(t, r, 50001)
	assert.Equal(t, Member{"m0", json.RawMessage(`50000`)}, r[0])
	assert.Equal(t, Member{"m49999", json.RawMessage(`99999`)}, r[49999])
	assert.Equal(t, Member{"last", json.RawMessage(`true`)}, r[50000])
}

func TestObjectMembers(t *testing.T) {
	r := Parse(json.RawMessage(`{"text":"a\"b","plain":"ok","empty":"","null":null,"number":5,"object":{"x":1},"array":[1],"bad":"` + "\xff" + `"}`))
	tests := []struct {
		member, text string
		object       Object
		value        string // "" for nil
	}{
		{"text", `a"b`, nil, `"a\"b"`},
		{"plain", "ok", nil, `"ok"`},
		{"empty", "", nil, `""`},
		{"null", "", nil, `null`},
		{"number", "", nil, `5`},
		{"object", "", Object{{"x", json.RawMessage(`1`)}}, `{"x":1}`},
		{"array", "", nil, `[1]`},
		{"bad", "\uFFFD", nil, "\"\xff\""},
		{"absent", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.member, func(t *testing.T) {
			assert.Equal(t, tt.text, r.Text(tt.member))
			assert.Equal(t, tt.object, r.Object(tt.member))
			assert.Equal(t, tt.value, string(r.Value(tt.member)))
		})
	}
	t.Run("a nil object has no members", func(t *testing.T) {
		var none Object
		assert.Nil(t, none.Value("user"))
		assert.Equal(t, "", none.Text("user"))
		assert.Nil(t, none.Object("whm"))
	})
}

func TestPick(t *testing.T) {
	row := Pick(json.RawMessage(`{"user":"bob","ip":"10.0.0.1","suspended":0,"user":"carol","disklimit":"unlimited"}`), "user", "suspended", "owner")
	assert.Equal(t, Object{{"user", json.RawMessage(`"carol"`)}, {"suspended", json.RawMessage(`0`)}}, row,
		"only the members named, the last value of a repeated one; none for a name absent")
	assert.Equal(t, Object{}, Pick(json.RawMessage(`[1]`), "user"), "not an object: nothing")
}

func TestObjectEdits(t *testing.T) {
	r := func() Object { return Parse(json.RawMessage(`{"a":1,"b":2,"c":3}`)) }
	text := func(r Object) string {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		return string(b)
	}
	assert.Equal(t, `{"a":1,"b":"x","c":3}`, text(r().With("b", json.RawMessage(`"x"`))), "in its place")
	assert.Equal(t, `{"a":1,"b":2,"c":3,"d":true}`, text(r().With("d", json.RawMessage("true"))), "last")
	assert.Equal(t, `{"a":1,"c":3}`, text(r().Without("b")))
	assert.Equal(t, `{"a":1,"b":2,"c":3}`, text(r().Without("z")))
	assert.Equal(t, `{"b":2,"c":3}`, text(r().Without("a")))
	assert.Equal(t, `{}`, text(Object{}))
	assert.Equal(t, `{"q\"\\\n\u0001":[1,2],"é":{"x":null}}`,
		text(Object{{"q\"\\\n\x01", json.RawMessage(`[1, 2]`)}, {"é", json.RawMessage(`{"x": null}`)}}), "names escaped, values compacted")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[1,{"c":"}"}],"a":"\u00e9\"x"}`, `[1,"a",{"b":null},[]]`, `{"\u0061":"\ud800"}`, `{} `, "{\"a\xff\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Parse(raw)
		if !json.Valid(raw) {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || m == nil {
			if r != nil {
				t.Fatalf("not an object, read as %v", r)
			}
		} else {
			var names []string
			d := json.NewDecoder(strings.NewReader(string(raw)))
			d.Token() // {
			for d.More() {
				name, _ := d.Token()
				if _, ok := m[name.(string)]; ok && !slices.Contains(names, name.(string)) {
					names = append(names, name.(string))
				}
				var skip json.RawMessage
				d.Decode(&skip)
			}
			if len(r) != len(names) {
				t.Fatalf("%d members, want %d (%q)", len(r), len(names), names)
			}
			for i, mb := range r {
				if mb.Name != names[i] || string(mb.Value) != string(m[mb.Name]) {
					t.Fatalf("member %d: %q=%s, want %q=%s", i, mb.Name, mb.Value, names[i], m[names[i]])
				}
				var s string
				if json.Unmarshal(mb.Value, &s) == nil && mb.Value[0] == '"' && r.Text(mb.Name) != s {
					t.Fatalf("Text(%q) = %q, want %q", mb.Name, r.Text(mb.Name), s)
				}
			}
		}
	})
}
