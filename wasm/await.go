//go:build js && wasm

package main

import "syscall/js"

var jsPromise = js.Global().Get("Promise")

// await waits for p (a Promise, or any value, which counts as resolved) and
// returns what it resolved to, or a *jsError read from the rejection reason.
//
// It blocks its goroutine until the JS event loop settles p, so it must run
// in a goroutine of its own, never directly in an event handler or another
// js.FuncOf callback: those run on the JS stack, and blocking there would
// deadlock the page.
func await(p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{v: arg0(args)}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{err: errorFromJS(arg0(args))}
		return nil
	})
	jsPromise.Call("resolve", p).Call("then", then, catch)
	o := <-ch
	then.Release()
	catch.Release()
	return o.v, o.err
}

func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}
