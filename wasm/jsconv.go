//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"strings"
	"syscall/js"
)

// All JS↔Go conversions of the bridge and the pages live here.
//
// Values cross as JSON text: one JSON.stringify (or JSON.parse) and one
// string copy per call instead of one crossing per field, which for batches
// costs more than the work itself (1,000 TOTP entries would be 5,000+
// crossings). encoding/json is linked anyway (cpapi uses it), and its type
// errors name the offending field, which becomes a bad-input error.

var jsJSON = js.Global().Get("JSON")

// codeBadInput is the code of every error about the shape of a call's input.
const codeBadInput = "bad-input"

// jsError is an error with the code and message a JS Error gets. The worker's
// failures may add Advice (what to do about it), OpenURL (a page that helps,
// e.g. the server, to inspect its certificate) and Origin (the host
// permission it lacks).
type jsError struct {
	Code    string
	Message string
	Advice  string
	OpenURL string
	Origin  string
}

func (e *jsError) Error() string { return e.Message }

func badInput(msg string) error { return &jsError{Code: codeBadInput, Message: msg} }

// decodeInput decodes the JSON text of a call's input, which must be an
// object, into in (a pointer to a struct with json tags). Unknown fields are
// ignored; type mismatches are bad-input errors naming the field
// ("entries.3.digits: expects an integer, got string").
func decodeInput(text string, in any) error {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") {
		kind := "nothing"
		switch {
		case t == "null":
			kind = "null"
		case strings.HasPrefix(t, "["):
			kind = "an array"
		case strings.HasPrefix(t, `"`):
			kind = "a string"
		case t == "true" || t == "false":
			kind = "a boolean"
		case t != "":
			kind = "a number"
		}
		return badInput("expects an object argument, got " + kind)
	}
	err := json.Unmarshal([]byte(t), in)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "input"
		}
		return badInput(field + ": expects " + kindName(te.Type.Kind().String()) + ", got " + te.Value)
	}
	return badInput("input: " + err.Error())
}

// kindName says what a Go kind expects, in JS terms.
func kindName(kind string) string {
	switch {
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "an integer"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "slice", kind == "array":
		return "an array"
	}
	return "an object"
}

// okJSON is the JSON text of a successful call: {"ok":true,"value":…}.
func okJSON(value any) (string, error) {
	b, err := json.Marshal(struct {
		OK    bool `json:"ok"`
		Value any  `json:"value"`
	}{true, value})
	return string(b), err
}

// failJSON is the JSON text of a failed call: {"ok":false,"code":…,"message":…}.
func failJSON(code, message string) string {
	b, _ := json.Marshal(struct {
		OK      bool   `json:"ok"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}{false, code, message}) // strings only: cannot fail
	return string(b)
}

// toJS turns v (a struct with json tags, a map or a slice) into a plain JS
// value, for the pages' messages to the shell.
func toJS(v any) (js.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Undefined(), err
	}
	return jsJSON.Call("parse", string(b)), nil
}

// jsonText is JSON.stringify(v) ("null" for undefined), for decoding what
// the shell hands back.
func jsonText(v js.Value) string {
	if v.IsUndefined() {
		return "null"
	}
	return jsJSON.Call("stringify", v).String()
}

// fromJS decodes a plain JS value from the shell into in (a pointer).
func fromJS(v js.Value, in any) error {
	return json.Unmarshal([]byte(jsonText(v)), in)
}

// errorFromJS reads a rejection reason ({code, message, advice?, openURL?,
// origin?} or an Error) as a *jsError.
func errorFromJS(v js.Value) *jsError {
	e := &jsError{Code: "internal", Message: "unknown error"}
	if v.Type() != js.TypeObject || v.IsNull() {
		if v.Truthy() {
			e.Message = v.String()
		}
		return e
	}
	if c := v.Get("code"); c.Type() == js.TypeString && c.String() != "" {
		e.Code = c.String()
	}
	if m := v.Get("message"); m.Type() == js.TypeString && m.String() != "" {
		e.Message = m.String()
	}
	for name, dst := range map[string]*string{"advice": &e.Advice, "openURL": &e.OpenURL, "origin": &e.Origin} {
		if a := v.Get(name); a.Type() == js.TypeString {
			*dst = a.String()
		}
	}
	return e
}
