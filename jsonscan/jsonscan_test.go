package jsonscan

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeAny reads any value the way encoding/json decodes into an any:
// map[string]any (the last of a repeated key wins), []any, string, float64,
// bool, nil.
func decodeAny(r *Reader) (any, error) {
	switch r.Kind() {
	case Object:
		m := map[string]any{}
		err := r.Object(func(key string) error {
			v, err := decodeAny(r)
			m[key] = v
			return err
		})
		return m, err
	case Array:
		a := []any{}
		err := r.Array(func(int) error {
			v, err := decodeAny(r)
			a = append(a, v)
			return err
		})
		return a, err
	case String:
		return r.String()
	case Number:
		return r.Float()
	case Bool:
		return r.Bool()
	case Null:
		if r.Null() {
			return nil, nil
		}
	}
	return nil, r.Skip() // not a value: the syntax error
}

// decodeText is decodeAny on a whole text.
func decodeText(text string) (any, error) {
	r := NewReader(text)
	v, err := decodeAny(r)
	if err == nil {
		err = r.End()
	}
	return v, err
}

func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	for _, text := range []string{
		`{}`, `[]`, `""`, `0`, `-0`, `true`, `false`, `null`, ` null `, "\t\r\n[ 1 , 2 ]\n",
		`{"a":1,"b":[true,false,null],"c":{"d":"e"},"a":2}`,
		`[1.5,-2e3,1E+2,0.000001,123456789012345678901234567890,1e-400]`,
		`"\u00e9\u4e2d\ud83d\ude00 \" \\ \/ \b \f \n \r \t"`,
		`"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"\ude00\ud83d"`, `"\uD83D\uDE00"`,
		"\"\xff\xfe ok \xed\xa0\x80 \xc3\"", "\"é日本\U0001F600\"", `"\u0000"`, `"` + "\u2028" + `"`,
		`{"\u0061":1,"a":2}`, `[[[[[[]]]]]]`, `{"":""}`,
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	} {
		t.Run(text[:min(len(text), 30)], func(t *testing.T) {
			var want any
			require.NoError(t, json.Unmarshal([]byte(text), &want))
			got, err := decodeText(text)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		text   string
		offset int
		msg    string
	}{
		{``, 0, "unexpected end of input"},
		{`   `, 3, "unexpected end of input"},
		{`{`, 1, "unexpected end of input"},
		{`[1,]`, 3, "invalid character looking for beginning of value"},
		{`{"a":1,}`, 7, "invalid character looking for beginning of object key string"},
		{`{1:2}`, 1, "invalid character looking for beginning of object key string"},
		{`{"a" 1}`, 5, "invalid character after object key"},
		{`{"a":1 "b":2}`, 7, "invalid character after object key:value pair"},
		{`[1 2]`, 3, "invalid character after array element"},
		{`01`, 1, "invalid character after top-level value"},
		{`1 2`, 2, "invalid character after top-level value"},
		{`1.`, 2, "unexpected end of input"},
		{`1.x`, 2, "invalid character after decimal point in numeric literal"},
		{`.5`, 0, "invalid character looking for beginning of value"},
		{`-`, 1, "unexpected end of input"},
		{`-a`, 1, "invalid character in numeric literal"},
		{`+1`, 0, "invalid character looking for beginning of value"},
		{`1e`, 2, "unexpected end of input"},
		{`1e+x`, 3, "invalid character in exponent of numeric literal"},
		{`tru`, 3, "unexpected end of input"},
		{`trUe`, 2, "invalid character in literal true"},
		{`nul`, 3, "unexpected end of input"},
		{`NaN`, 0, "invalid character looking for beginning of value"},
		{`'a'`, 0, "invalid character looking for beginning of value"},
		{"\xef\xbb\xbf{}", 0, "invalid character looking for beginning of value"},
		{`"abc`, 4, "unexpected end of input"},
		{`"a\`, 3, "unexpected end of input"},
		{`"\x"`, 2, "invalid character in string escape code"},
		{`"\u12G4"`, 5, "invalid character in \\u hexadecimal character escape"},
		{`"\u12`, 5, "unexpected end of input"},
		{"\"a\x01\"", 2, "invalid character in string literal"},
		{"\"a\\u00e9\x1f\"", 8, "invalid character in string literal"},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), MaxDepth, "exceeded max depth"},
		{strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), 5 * MaxDepth, "exceeded max depth"},
	} {
		t.Run(tc.text[:min(len(tc.text), 30)], func(t *testing.T) {
			assert.Error(t, json.Unmarshal([]byte(tc.text), new(any)), "encoding/json rejects it too")
			_, err := decodeText(tc.text)
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.offset, se.Offset)
			assert.Equal(t, tc.msg, se.Msg)
			// Skip and Raw see the same error.
			r := NewReader(tc.text)
			_, rawErr := r.Raw()
			if rawErr == nil {
				rawErr = r.End()
			}
			assert.Equal(t, err, rawErr)
		})
	}
}

func TestTypeErrors(t *testing.T) {
	read := map[string]func(r *Reader) error{
		"String": func(r *Reader) error { _, err := r.String(); return err },
		"Int":    func(r *Reader) error { _, err := r.Int(); return err },
		"Float":  func(r *Reader) error { _, err := r.Float(); return err },
		"Number": func(r *Reader) error { _, err := r.Number(); return err },
		"Bool":   func(r *Reader) error { _, err := r.Bool(); return err },
		"Object": func(r *Reader) error { return r.Object(func(string) error { return nil }) },
		"Array":  func(r *Reader) error { return r.Array(func(int) error { return nil }) },
	}
	for _, tc := range []struct {
		method, text, msg string
	}{
		{"String", `12345`, "expects a string, got number"},
		{"String", `{"password":"hunter2"}`, "expects a string, got object"},
		{"String", `null`, "expects a string, got null"},
		{"Int", `"12"`, "expects an integer, got string"},
		{"Int", `1.5`, "expects an integer, got number with a fraction or exponent"},
		{"Int", `1.0`, "expects an integer, got number with a fraction or exponent"},
		{"Int", `1e3`, "expects an integer, got number with a fraction or exponent"},
		{"Int", `1234567890123456789.5`, "expects an integer, got number with a fraction or exponent"},
		{"Int", `9223372036854775808`, "expects an integer, got number out of int64 range"},
		{"Int", `-9223372036854775809`, "expects an integer, got number out of int64 range"},
		{"Float", `1e400`, "expects a number, got number out of float64 range"},
		{"Float", `true`, "expects a number, got bool"},
		{"Number", `"1"`, "expects a number, got string"},
		{"Bool", `"true"`, "expects a bool, got string"},
		{"Object", `["secret"]`, "expects an object, got array"},
		{"Array", `{"a":"secret"}`, "expects an array, got object"},
	} {
		t.Run(tc.method+" "+tc.text, func(t *testing.T) {
			r := NewReader(" " + tc.text + " ")
			err := read[tc.method](r)
			var te *TypeError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tc.msg, err.Error())
			assert.Equal(t, 1, te.Offset)
			assert.NoError(t, r.End(), "the value was skipped")
		})
	}

	t.Run("a malformed value is a syntax error, not a type error", func(t *testing.T) {
		_, err := NewReader(`[1,`).String()
		var se *SyntaxError
		assert.ErrorAs(t, err, &se)
		_, err = NewReader(`tru`).String()
		assert.ErrorAs(t, err, &se)
	})
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		text string
		i    int64
		f    float64
	}{
		{`0`, 0, 0},
		{`-0`, 0, math.Copysign(0, -1)},
		{`42`, 42, 42},
		{`-17`, -17, -17},
		{`999999999999999999`, 999999999999999999, 999999999999999999},
		{`9223372036854775807`, math.MaxInt64, math.MaxInt64},
		{`-9223372036854775808`, math.MinInt64, math.MinInt64},
	} {
		n, err := NewReader(tc.text).Int()
		require.NoError(t, err)
		assert.Equal(t, tc.i, n, tc.text)
		f, err := NewReader(tc.text).Float()
		require.NoError(t, err)
		assert.Equal(t, tc.f, f, tc.text)
		var want int64
		require.NoError(t, json.Unmarshal([]byte(tc.text), &want))
		assert.Equal(t, want, n, "as encoding/json reads it into an int64")
	}
	f, err := NewReader(`1.5e-3`).Float()
	require.NoError(t, err)
	assert.Equal(t, 1.5e-3, f)
	text, err := NewReader(`-1.50E+300`).Number()
	require.NoError(t, err)
	assert.Equal(t, "-1.50E+300", text)
}

func TestStrings(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`""`, ""},
		{`"plain"`, "plain"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"\u00e9\u00E9"`, "éé"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83d"`, "\uFFFD"},
		{`"\ud83dx"`, "\uFFFDx"},
		{`"\ude00\ud83d"`, "\uFFFD\uFFFD"},
		{`"\ud83d\u0041"`, "\uFFFDA"},
		{`"\ud83d\ud83d\ude00"`, "\uFFFD😀"},
		{"\"a\xffb\"", "a\uFFFDb"},
		{"\"\xed\xa0\x80\"", "\uFFFD\uFFFD\uFFFD"}, // a surrogate in UTF-8 is three invalid bytes
		{"\"\xe6\x97\"", "\uFFFD\uFFFD"},
		{"\"\\n\xff\"", "\n\uFFFD"},
		{"\"日本\"", "日本"},
	} {
		got, err := NewReader(tc.text).String()
		require.NoError(t, err, tc.text)
		assert.Equal(t, tc.want, got, tc.text)
		var want string
		require.NoError(t, json.Unmarshal([]byte(tc.text), &want))
		assert.Equal(t, want, got, "as encoding/json decodes %q", tc.text)
	}
}

func TestObjectAndArray(t *testing.T) {
	r := NewReader(`{"a":1,"skip":{"x":[1,{"y":null}]},"list":["p","q"],"a":2,"n":null}`)
	var a []int64
	var list []string
	var nullSeen bool
	require.NoError(t, r.Object(func(key string) error {
		switch key {
		case "a":
			n, err := r.Int()
			a = append(a, n)
			return err
		case "list":
			return r.Array(func(i int) error {
				assert.Equal(t, len(list), i)
				s, err := r.String()
				list = append(list, s)
				return err
			})
		case "n":
			nullSeen = r.Null()
		}
		return nil // "skip": left unread, so skipped
	}))
	require.NoError(t, r.End())
	assert.Equal(t, []int64{1, 2}, a, "a repeated key is seen each time")
	assert.Equal(t, []string{"p", "q"}, list)
	assert.True(t, nullSeen)

	t.Run("an error from the callback ends the object and sticks", func(t *testing.T) {
		r := NewReader(`{"a":1,"b":2}`)
		stop := errors.New("stop")
		calls := 0
		err := r.Object(func(string) error { calls++; return stop })
		assert.Same(t, stop, err)
		assert.Equal(t, 1, calls)
		_, err = r.Raw()
		assert.Same(t, stop, err)
		assert.Equal(t, Invalid, r.Kind())
	})

	t.Run("a bad unread value is still a syntax error", func(t *testing.T) {
		r := NewReader(`{"a":[1,}`)
		err := r.Object(func(string) error { return nil })
		var se *SyntaxError
		assert.ErrorAs(t, err, &se)
	})

	t.Run("Null leaves what is not null", func(t *testing.T) {
		r := NewReader(` "x"`)
		assert.False(t, r.Null())
		s, err := r.String()
		require.NoError(t, err)
		assert.Equal(t, "x", s)
	})

	t.Run("Null on a broken null fails the reader", func(t *testing.T) {
		r := NewReader(`nulL`)
		assert.False(t, r.Null())
		var se *SyntaxError
		assert.ErrorAs(t, r.Skip(), &se)
	})
}

func TestKind(t *testing.T) {
	for text, want := range map[string]Kind{
		`{}`: Object, ` [`: Array, `"`: String, `-1`: Number, `7`: Number, `true`: Bool, `f`: Bool,
		`null`: Null, ``: Invalid, ` `: Invalid, `x`: Invalid, `}`: Invalid,
	} {
		assert.Equal(t, want, NewReader(text).Kind(), "%q", text)
	}
	assert.Equal(t, "bool", Bool.String())
	assert.Equal(t, "invalid", Kind(99).String())
}

func TestRaw(t *testing.T) {
	r := NewReader(` [ {"a" : [1, "x\"y"]} , 2.5e1 ,null ] `)
	var raws []string
	require.NoError(t, r.Array(func(int) error {
		s, err := r.Raw()
		raws = append(raws, s)
		return err
	}))
	require.NoError(t, r.End())
	assert.Equal(t, []string{`{"a" : [1, "x\"y"]}`, `2.5e1`, `null`}, raws)
}

// No error quotes the text: documents that hide a secret in each place an
// error can point at.
func TestErrorsNeverQuoteTheText(t *testing.T) {
	const secret = "Sup3rS3cret"
	for _, text := range []string{
		`{"` + secret + `" ` + secret + `}`,
		`[` + secret + `]`,
		`"` + secret + `\q"`,
		`"` + secret + "\x01\"",
		`"` + secret + `\u` + secret + `"`,
		`{"a":"` + secret + `"} ` + secret,
		`t` + secret,
		`1` + secret,
		`-` + secret,
		`1.` + secret,
		`1e` + secret,
	} {
		_, err := decodeText(text)
		require.Error(t, err, text)
		assert.NotContains(t, err.Error(), secret[:3], text)
	}
	for _, read := range []func(r *Reader) error{
		func(r *Reader) error { _, err := r.Int(); return err },
		func(r *Reader) error { _, err := r.Bool(); return err },
		func(r *Reader) error { return r.Array(func(int) error { return nil }) },
	} {
		for _, text := range []string{`"` + secret + `"`, `{"` + secret + `":"` + secret + `"}`, `12345.678e9`} {
			err := read(NewReader(text))
			require.Error(t, err)
			assert.NotContains(t, err.Error(), secret[:3])
			assert.NotContains(t, err.Error(), "123")
		}
	}
}

// FuzzReader checks jsonscan against encoding/json: a text encoding/json
// decodes into an any, jsonscan decodes into the same value (decodeAny); a
// text it rejects, jsonscan rejects. The top-level value's Raw is the text
// without its surrounding whitespace, and Int reads what encoding/json reads
// into an int64.
func FuzzReader(f *testing.F) {
	for _, seed := range []string{
		`{"version":1,"servers":[{"id":"s1","whm":{"totp":null},"accounts":[]}],"history":[{"a":1}]}`,
		`[1,-0.5e+3,"a\u00e9\ud83d\ude00\ud83d",true,false,null,{}]`,
		"\"\xff\xed\xa0\x80\"", `"\ude00\ud83d\u0041"`, `1e400`, `-9223372036854775809`, `9223372036854775807`,
		`[1,]`, `{"a":1,}`, `01`, `1.`, `"\x"`, "\"\x01\"", ` 1 `, `tru`, `nul`, `{"a" 1}`, `[[[]]]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var want any
		jsonErr := json.Unmarshal([]byte(text), &want)
		got, err := decodeText(text)
		if jsonErr != nil {
			if err == nil {
				t.Fatalf("encoding/json rejects %q (%v), jsonscan reads %#v", text, jsonErr, got)
			}
		} else {
			if err != nil {
				t.Fatalf("encoding/json reads %q, jsonscan fails: %v", text, err)
			}
			if !assert.ObjectsAreEqual(want, got) {
				t.Fatalf("%q: encoding/json reads %#v, jsonscan %#v", text, want, got)
			}
		}

		r := NewReader(text)
		raw, rawErr := r.Raw()
		if rawErr == nil {
			rawErr = r.End()
		}
		if json.Valid([]byte(text)) != (rawErr == nil) {
			t.Fatalf("%q: json.Valid %v, Raw+End %v", text, json.Valid([]byte(text)), rawErr)
		}
		if rawErr == nil && raw != strings.Trim(text, " \t\r\n") {
			t.Fatalf("%q: Raw %q", text, raw)
		}

		var wantInt int64
		intJSONErr := json.Unmarshal([]byte(text), &wantInt)
		r = NewReader(text)
		n, intErr := r.Int()
		if intErr == nil {
			intErr = r.End()
		}
		if (intJSONErr == nil) != (intErr == nil) || intErr == nil && n != wantInt {
			// encoding/json leaves a null alone: no error, no value.
			if !(intJSONErr == nil && strings.Trim(text, " \t\r\n") == "null") {
				t.Fatalf("%q: encoding/json int64 %d %v, Int %d %v", text, wantInt, intJSONErr, n, intErr)
			}
		}
	})
}
