// Package manifest turns panelkey's one manifest.json (at the repository's
// root) into the manifest each browser loads, so Chromium and Firefox ship
// from one source.
//
// The source is a Chromium MV3 manifest that also carries Firefox's
// browser_specific_settings. For Chromium that key goes (Chrome warns about
// keys it does not know). For Firefox the service worker becomes an event
// page: background.scripts lists the scripts the worker imports, in their
// order, then the worker itself (Firefox MV3 has no background service
// worker), minimum_chrome_version goes, and FirefoxPermissions join the
// permissions. Members keep their order, so the
// built manifest reads like the source.
package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/panelkey/panelkey/jsonobject"
)

// Browser names a build target.
type Browser string

const (
	Chrome  Browser = "chrome"  // Chromium, Chrome, Edge: background service worker
	Firefox Browser = "firefox" // Firefox: background event page
)

// FirefoxPermissions are added to Firefox's permissions only. clipboardWrite: Firefox lets a page write the clipboard
// only while the user's own action lasts unless the extension holds it, and the popup a keyboard shortcut opens to copy
// a code (the copy-code command) has had no action of the user in it. Chromium's popup copies without it, and would
// warn about it at install ("Modify data you copy and paste").
var FirefoxPermissions = []string{"clipboardWrite"}

// withPermissions adds extra to m's permissions, after those it has, each once.
func withPermissions(m jsonobject.Object, extra []string) (jsonobject.Object, error) {
	var have []string
	if raw := m.Value("permissions"); raw != nil {
		if err := json.Unmarshal(raw, &have); err != nil {
			return nil, fmt.Errorf("manifest: permissions must be a list of names: %w", err)
		}
	}
	for _, p := range extra {
		if !slices.Contains(have, p) {
			have = append(have, p)
		}
	}
	raw, err := json.Marshal(have)
	if err != nil {
		return nil, fmt.Errorf("manifest: permissions: %w", err)
	}
	return m.With("permissions", raw), nil
}

// For returns the manifest for browser b. imports are the scripts the
// service worker loads with importScripts, in order: the Firefox event page
// loads them itself, before the worker. Failures name the member at fault.
func For(src []byte, b Browser, imports []string) ([]byte, error) {
	if !json.Valid(src) {
		return nil, errors.New("manifest: not valid JSON")
	}
	m := jsonobject.Parse(src)
	if m == nil {
		return nil, errors.New("manifest: not a JSON object")
	}
	worker := m.Object("background").Text("service_worker")
	if worker == "" {
		return nil, errors.New("manifest: background.service_worker must name the worker script")
	}
	switch b {
	case Chrome:
		m = m.Without("browser_specific_settings")
	case Firefox:
		if m.Object("browser_specific_settings").Object("gecko").Text("id") == "" {
			return nil, errors.New("manifest: browser_specific_settings.gecko.id is required for Firefox (storage and permissions are kept per id)")
		}
		scripts, err := json.Marshal(append(append([]string{}, imports...), worker))
		if err != nil {
			return nil, fmt.Errorf("manifest: background scripts: %w", err)
		}
		background, err := m.Object("background").Without("service_worker").With("scripts", scripts).MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("manifest: background: %w", err)
		}
		m = m.With("background", background).Without("minimum_chrome_version")
		if m, err = withPermissions(m, FirefoxPermissions); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("manifest: unknown browser %q", b)
	}
	flat, err := m.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, flat, "", "  "); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
