//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// merge copies patch's properties into dst, recursing into plain objects
// on both sides: properties of dst that patch does not name are kept.
func merge(dst, patch js.Value) {
	keys := js.Global().Get("Object").Call("keys", patch)
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		pv, dv := patch.Get(k), dst.Get(k)
		if isPlainObject(pv) && isPlainObject(dv) {
			merge(dv, pv)
			continue
		}
		dst.Set(k, pv)
	}
}

func isPlainObject(v js.Value) bool {
	return v.Type() == js.TypeObject && !v.IsNull() && !js.Global().Get("Array").Call("isArray", v).Bool()
}

// push appends v (marshalled) to the array doc[field], creating it if needed.
func push(doc js.Value, field string, v any) error {
	jv, err := pagejson.ToJS(v)
	if err != nil {
		return err
	}
	arr := doc.Get(field)
	if !js.Global().Get("Array").Call("isArray", arr).Bool() {
		arr = js.Global().Get("Array").New()
		doc.Set(field, arr)
	}
	arr.Call("push", jv)
	return nil
}

// remove deletes, in one vault write, the element at the index pick finds in
// the array it names (nothing when the index is negative: already gone), then
// shows done (if any) or the failure in #message. Call it from a click.
func (o *options) remove(pick func(doc js.Value, v *ui.Vault) (list js.Value, i int), done string) {
	pagekit.Spawn(func() {
		err := o.write(func(doc js.Value, v *ui.Vault) (bool, error) {
			list, i := pick(doc, v)
			if i < 0 {
				return false, nil
			}
			list.Call("splice", i, 1)
			return true, nil
		})
		switch {
		case err != nil:
			o.message(pagekit.ErrorText(err), true)
		case done != "":
			o.message(done, false)
		}
	})
}

func indexOf(n int, match func(int) bool) int {
	for i := 0; i < n; i++ {
		if match(i) {
			return i
		}
	}
	return -1
}
