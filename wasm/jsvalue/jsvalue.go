//go:build js && wasm

// Package jsvalue reads JavaScript values from Go safely, for the engine's
// bridge and the pages alike: fields that may be missing or of another type,
// promises awaited from a goroutine, rejection reasons as Go errors, and
// recovered panics described without any data they might carry.
package jsvalue

import (
	"runtime"
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
)

var (
	jsJSON    = js.Global().Get("JSON")
	jsPromise = js.Global().Get("Promise")
)

// Error is a failure as JavaScript holds it: the code and message of the
// errcode contract, plus what the worker's failures may add: Advice (what to
// do about it), OpenURL (a page that helps, e.g. the server, to inspect its
// certificate), Origin (the host permission it lacks) and Params (the
// message's variable parts, for the page's catalog: errcode.Parameterized).
type Error struct {
	Code    string
	Message string
	Advice  string
	OpenURL string
	Origin  string
	Params  []string
}

func (e *Error) Error() string { return e.Message }

var _ errcode.Coded = (*Error)(nil)

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }

// ErrorParams makes Error an errcode.Parameterized.
func (e *Error) ErrorParams() []string { return e.Params }

// JSONText is JSON.stringify(v) ("null" for undefined), for decoding what
// the shell hands back.
func JSONText(v js.Value) string {
	if v.IsUndefined() {
		return "null"
	}
	return jsJSON.Call("stringify", v).String()
}

// ErrorFromJS reads a rejection reason ({code, message, advice?, openURL?,
// origin?, params?} or an Error) as an *Error.
func ErrorFromJS(v js.Value) *Error {
	e := &Error{Code: "internal", Message: "unknown error"}
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
	if p := v.Get("params"); p.InstanceOf(js.Global().Get("Array")) {
		for i := 0; i < p.Length(); i++ {
			if s := p.Index(i); s.Type() == js.TypeString {
				e.Params = append(e.Params, s.String())
			} else {
				e.Params = append(e.Params, "")
			}
		}
	}
	return e
}

// PanicText describes a recovered panic value. Runtime errors (index out of
// range, nil dereference) carry no data from the input; anything else is
// named only by its kind so no secret can leak through it.
func PanicText(r any) string {
	switch r := r.(type) {
	case runtime.Error:
		return r.Error()
	case js.Error:
		return "a JavaScript call failed" // its message could quote data
	}
	return "unexpected panic"
}

// Field is v[name] for a JS object v, undefined for anything else (a plain
// property read never throws on a non-object, but Get panics on one).
func Field(v js.Value, name string) js.Value {
	if v.Type() != js.TypeObject || v.IsNull() {
		return js.Undefined()
	}
	return v.Get(name)
}

// StringField is v[name] when it is a string, else "".
func StringField(v js.Value, name string) string {
	if f := Field(v, name); f.Type() == js.TypeString {
		return f.String()
	}
	return ""
}

// Number is v as a float64 when it is a number, else 0.
func Number(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}

// Await waits for p (a Promise, or any value, which counts as resolved) and
// returns what it resolved to, or an *Error read from the rejection reason.
//
// It blocks its goroutine until the JS event loop settles p, so it must run
// in a goroutine of its own, never directly in an event handler or another
// js.FuncOf callback: those run on the JS stack, and blocking there would
// deadlock the page.
func Await(p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{v: Arg0(args)}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{err: ErrorFromJS(Arg0(args))}
		return nil
	})
	jsPromise.Call("resolve", p).Call("then", then, catch)
	o := <-ch
	then.Release()
	catch.Release()
	return o.v, o.err
}

// Arg0 is a callback's first argument, undefined when there is none.
func Arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}
