//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/panelkey/panelkey/errcode"
)

// Values cross the bridge as JSON text: one JSON.stringify (or JSON.parse)
// and one string copy per call instead of one crossing per field, which for
// batches costs more than the work itself (1,000 TOTP entries would be
// 5,000+ crossings). encoding/json is linked here anyway (cpapi uses it),
// and its type errors name the offending field, which becomes a bad-input
// error.

// codeBadInput is the code of every error about the shape of a call's input.
const codeBadInput = "bad-input"

func badInput(msg string) error { return &errcode.Error{Code: codeBadInput, Message: msg} }

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

// failJSON is the JSON text of a failed call: {"ok":false,"code":…,"message":…,"params"?:[…]} (params: the
// message's variable parts, errcode.Params, for the pages' catalog).
func failJSON(code, message string, params ...string) string {
	b, _ := json.Marshal(struct {
		OK      bool     `json:"ok"`
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Params  []string `json:"params,omitempty"`
	}{false, code, message, params}) // strings only: cannot fail
	return string(b)
}
