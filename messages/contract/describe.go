package contract

import (
	"reflect"
	"strings"
)

// Field is one parameter or result field as JavaScript sees it.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // string, number, boolean, object, array, any
	Optional bool   `json:"optional,omitempty"`
	// Example is a valid value (the struct tag example:"…"), for tests that send the message.
	Example string `json:"example,omitempty"`
}

// Description is an Entry as extension/messages.js holds it.
type Description struct {
	Params []Field  `json:"params"`
	Result []Field  `json:"result"`
	Errors []string `json:"errors"`
	Quiet  bool     `json:"quiet"`
	From   []string `json:"from"`
	Doc    string   `json:"doc"`
}

// Describe returns the entry's parameters and result as JSON fields.
func (e Entry) Describe() Description {
	d := Description{Params: Fields(e.Params), Result: []Field{}, Errors: e.Errors, Quiet: e.Quiet, From: e.From, Doc: e.Doc}
	if e.Result != nil {
		d.Result = Fields(e.Result)
	}
	if d.Errors == nil {
		d.Errors = []string{}
	}
	return d
}

// Fields lists the JSON fields of a struct value, in declaration order.
func Fields(v any) []Field {
	t := reflect.TypeOf(v)
	out := []Field{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, Field{Name: name, Type: jsType(f.Type), Optional: strings.Contains(opts, "omitempty") || f.Type.Kind() == reflect.Pointer,
			Example: f.Tag.Get("example")})
	}
	return out
}

func jsType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsType(t.Elem())
	}
	return "any"
}
