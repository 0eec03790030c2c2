//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/wasm/jsvalue"
)

// version is panelkey's version; scripts/build.sh may set it with
// -ldflags "-X main.version=…".
var version = "0.1.0"

// handler is one function of the JS API: it gets the JSON text of the call's
// input and returns the value to hand back (marshalled to JSON) or an error.
type handler func(input string) (any, error)

// A bulk handler also takes texts given beside the JSON input, and may give
// texts back the same way, as JS strings ({name: text}): the vault's chunk
// texts and documents, megabytes at 100,000 accounts, which encoding/json
// would escape, scan and copy on each side (bridge.js: panelkey.fn(input,
// texts) → its value, with the texts given back as .texts).
type bulkHandler func(input string, texts map[string]string) (value any, out map[string]string, err error)

// api is the JS API (docs/architecture.md, "JavaScript API"), by name.
var api = map[string]handler{
	"version": func(string) (any, error) {
		return struct {
			Version string `json:"version"`
		}{version}, nil
	},
}

// bulk is the JS API's bulk functions, by name.
var bulk = map[string]bulkHandler{}

// register adds fn, which takes its decoded input In, to the API as name.
func register[In any](name string, fn func(In) (any, error)) {
	api[name] = func(input string) (any, error) {
		var in In
		if err := decodeInput(input, &in); err != nil {
			return nil, err
		}
		return fn(in)
	}
}

// registerField adds fn to the API as name, its answer the one field
// {key: fn's value}.
func registerField[In, Out any](name, key string, fn func(In) (Out, error)) {
	register(name, func(in In) (any, error) {
		v, err := fn(in)
		if err != nil {
			return nil, err
		}
		return map[string]Out{key: v}, nil
	})
}

// registerBulk adds fn to the API as name: a function that takes texts
// beside its decoded input In and may give texts back (see bulkHandler).
func registerBulk[In any](name string, fn func(In, map[string]string) (any, map[string]string, error)) {
	bulk[name] = func(input string, texts map[string]string) (any, map[string]string, error) {
		var in In
		if err := decodeInput(input, &in); err != nil {
			return nil, nil, err
		}
		return fn(in, texts)
	}
}

// installAPI sets globalThis.panelkey through bridge.js's panelkeyWrap (which
// makes failures throw) and calls globalThis.panelkeyReady if it exists. It
// reports false when bridge.js was not loaded.
func installAPI() bool {
	wrap := js.Global().Get("panelkeyWrap")
	if wrap.Type() != js.TypeFunction {
		js.Global().Get("console").Call("error", "panelkey: bridge.js is not loaded before panelkey.wasm; globalThis.panelkey is not installed")
		return false
	}
	raw := js.Global().Get("Object").New()
	for name, h := range api {
		raw.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			return call(name, h, args)
		}))
	}
	for name, h := range bulk {
		raw.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			return callBulk(name, h, args)
		}))
	}
	js.Global().Set("panelkey", wrap.Invoke(raw))
	if ready := js.Global().Get("panelkeyReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	return true
}

// call runs one API function on the JSON text bridge.js passes (see
// callBulk).
func call(name string, h handler, args []js.Value) any {
	return callBulk(name, func(input string, _ map[string]string) (any, map[string]string, error) {
		v, err := h(input)
		return v, nil, err
	}, args)
}

// callBulk runs one API function: args are the JSON text of its input and,
// for a bulk function, the texts beside it (an object of strings, or
// undefined). It returns the JSON text of the outcome, or {json, texts} when
// the function gives texts back. A panic becomes an "internal" failure: the
// Go runtime must outlive any bad input.
func callBulk(name string, h bulkHandler, args []js.Value) (out any) {
	defer func() {
		if r := recover(); r != nil {
			out = failJSON(errcode.Internal, name+": internal error ("+jsvalue.PanicText(r)+")")
		}
	}()
	if len(args) < 1 || len(args) > 2 || args[0].Type() != js.TypeString {
		return failJSON(codeBadInput, name+": called without bridge.js")
	}
	var texts map[string]string
	if len(args) == 2 {
		var err error
		if texts, err = readTexts(args[1]); err != nil {
			return failJSON(codeBadInput, name+": "+err.Error())
		}
	}
	v, back, err := h(args[0].String(), texts)
	if err != nil {
		code, msg := errcode.Of(err)
		return failJSON(code, msg, errcode.Params(err)...)
	}
	text, err := okJSON(v)
	if err != nil {
		return failJSON(errcode.Internal, name+": cannot encode the result: "+err.Error())
	}
	if back == nil {
		return text
	}
	obj := js.Global().Get("Object").New()
	for k, t := range back {
		obj.Set(k, t)
	}
	return map[string]any{"json": text, "texts": obj}
}

// readTexts reads texts given as {name: text}: nil for undefined or null.
func readTexts(v js.Value) (map[string]string, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject {
		return nil, badInput("texts: expects an object of strings")
	}
	keys := js.Global().Get("Object").Call("keys", v)
	out := make(map[string]string, keys.Length())
	for i := range keys.Length() {
		k := keys.Index(i).String()
		t := v.Get(k)
		if t.Type() != js.TypeString {
			return nil, badInput("texts." + k + ": expects a string")
		}
		out[k] = t.String()
	}
	return out, nil
}
