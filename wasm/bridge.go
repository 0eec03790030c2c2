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

// api is the JS API (docs/architecture.md, "JavaScript API"), by name.
var api = map[string]handler{
	"version": func(string) (any, error) {
		return struct {
			Version string `json:"version"`
		}{version}, nil
	},
}

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
	js.Global().Set("panelkey", wrap.Invoke(raw))
	if ready := js.Global().Get("panelkeyReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	return true
}

// call runs one API function on the JSON text bridge.js passes and returns
// the JSON text of its outcome. A panic becomes an "internal" failure: the Go
// runtime must outlive any bad input.
func call(name string, h handler, args []js.Value) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = failJSON(errcode.Internal, name+": internal error ("+jsvalue.PanicText(r)+")")
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return failJSON(codeBadInput, name+": called without bridge.js")
	}
	v, err := h(args[0].String())
	if err != nil {
		code, msg := errcode.Of(err)
		return failJSON(code, msg)
	}
	text, err := okJSON(v)
	if err != nil {
		return failJSON(errcode.Internal, name+": cannot encode the result: "+err.Error())
	}
	return text
}
