package main

import (
	"bytes"
	"encoding/json"

	"github.com/panelkey/panelkey/messages/contract"
	"github.com/panelkey/panelkey/policy"
)

// JS is the text of extension/messages.js: globalThis.panelkeyMessages, every
// message's Description by type, in Contract's order, the common error codes,
// and the numbers of package policy the worker enforces on what pages send.
func JS() (string, error) {
	var b bytes.Buffer
	b.WriteString(`// The messages between panelkey's pages and its worker: generated from messages/contract by
// go generate ./messages/contract. Do not edit: change the Go contract and generate again.
'use strict';

globalThis.panelkeyMessages = {
  common: `)
	common, err := json.Marshal(contract.Common)
	if err != nil {
		return "", err
	}
	b.Write(common)
	pol, err := json.Marshal(map[string]int{
		"minPasswordLength":      policy.MinPasswordLength,
		"defaultAutoLockMinutes": policy.DefaultAutoLockMinutes,
		"minAutoLockMinutes":     policy.MinAutoLockMinutes,
		"maxAutoLockMinutes":     policy.MaxAutoLockMinutes,
	})
	if err != nil {
		return "", err
	}
	b.WriteString(",\n  policy: " + string(pol))
	b.WriteString(",\n  types: {\n")
	for _, e := range contract.Contract {
		d, err := json.Marshal(e.Describe())
		if err != nil {
			return "", err
		}
		name, _ := json.Marshal(e.Type())
		b.WriteString("    " + string(name) + ": " + string(d) + ",\n")
	}
	b.WriteString("  },\n};\n")
	return b.String(), nil
}
