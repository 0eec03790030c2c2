//go:build js && wasm

package main

import (
	"runtime"
	"syscall/js"
)

// The JS↔Go conversions the pages and the bridge share; the ones that need
// encoding/json (the bridge's calls, structured messages) are in
// jsonconv.go, which popup.wasm leaves out.

var jsJSON = js.Global().Get("JSON")

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

// jsonText is JSON.stringify(v) ("null" for undefined), for decoding what
// the shell hands back.
func jsonText(v js.Value) string {
	if v.IsUndefined() {
		return "null"
	}
	return jsJSON.Call("stringify", v).String()
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

// panicText describes a recovered panic value. Runtime errors (index out of
// range, nil dereference) carry no data from the input; anything else is
// named only by its kind so no secret can leak through it.
func panicText(r any) string {
	switch r := r.(type) {
	case runtime.Error:
		return r.Error()
	case js.Error:
		return "a JavaScript call failed" // its message could quote data
	}
	return "unexpected panic"
}

// field is v[name] for a JS object v, undefined for anything else (a plain
// property read never throws on a non-object, but Get panics on one).
func field(v js.Value, name string) js.Value {
	if v.Type() != js.TypeObject || v.IsNull() {
		return js.Undefined()
	}
	return v.Get(name)
}

// stringField is v[name] when it is a string, else "".
func stringField(v js.Value, name string) string {
	if f := field(v, name); f.Type() == js.TypeString {
		return f.String()
	}
	return ""
}

// number is v as a float64 when it is a number, else 0.
func number(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}
