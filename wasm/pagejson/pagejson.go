//go:build js && wasm

// Package pagejson carries structured values between the pages' Go and the
// shell through encoding/json: the options and console pages' messages to the
// worker and the vault patches they write. The popup does not import it, so
// popup.wasm links no encoding/json (scripts/test.sh checks).
package pagejson

import (
	"encoding/json"
	"syscall/js"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

var jsJSON = js.Global().Get("JSON")

// ToJS turns v (a struct with json tags, a map or a slice) into a plain JS
// value.
func ToJS(v any) (js.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Undefined(), err
	}
	return jsJSON.Call("parse", string(b)), nil
}

// FromJS decodes a plain JS value from the shell into in (a pointer).
func FromJS(v js.Value, in any) error {
	return json.Unmarshal([]byte(jsvalue.JSONText(v)), in)
}

// Send is Shell.Send for structured messages (arrays, objects).
func Send(s pagekit.Shell, msg messages.Message) (js.Value, error) {
	m, err := ToJS(msg)
	if err != nil {
		return js.Undefined(), err
	}
	m.Set("type", msg.MessageType())
	return jsvalue.Await(s.V.Call("send", m))
}

// SendInto is Send that decodes the reply into out.
func SendInto(s pagekit.Shell, msg messages.Message, out any) error {
	v, err := Send(s, msg)
	if err != nil {
		return err
	}
	return FromJS(v, out)
}
