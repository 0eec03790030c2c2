package manifest

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const source = `{
  "manifest_version": 3,
  "name": "x",
  "minimum_chrome_version": "120",
  "background": {"service_worker": "worker.js"},
  "browser_specific_settings": {"gecko": {"id": "x@example.invalid", "strict_min_version": "142.0"}},
  "permissions": ["storage"]
}`

func TestFor(t *testing.T) {
	imports := []string{"wasm_exec.js", "bridge.js", "vault.js"}
	tests := []struct {
		name    string
		browser Browser
		want    string
	}{
		{"chrome: Firefox's settings go, the rest stays in order", Chrome, `{
  "manifest_version": 3,
  "name": "x",
  "minimum_chrome_version": "120",
  "background": {
    "service_worker": "worker.js"
  },
  "permissions": [
    "storage"
  ]
}
`},
		{"firefox: an event page of the imports then the worker, no minimum_chrome_version, its own permissions", Firefox, `{
  "manifest_version": 3,
  "name": "x",
  "background": {
    "scripts": [
      "wasm_exec.js",
      "bridge.js",
      "vault.js",
      "worker.js"
    ]
  },
  "browser_specific_settings": {
    "gecko": {
      "id": "x@example.invalid",
      "strict_min_version": "142.0"
    }
  },
  "permissions": [
    "storage",
    "clipboardWrite"
  ]
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := For([]byte(source), tt.browser, imports)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestForRefuses(t *testing.T) {
	tests := []struct {
		name, src string
		browser   Browser
		want      string
	}{
		{"not JSON", `{"a":`, Chrome, "not valid JSON"},
		{"not an object", `[]`, Chrome, "not a JSON object"},
		{"no worker", `{"background":{"scripts":["a.js"]}}`, Chrome, "background.service_worker"},
		{"worker not a string", `{"background":{"service_worker":1}}`, Firefox, "background.service_worker"},
		{"firefox without a gecko id", `{"background":{"service_worker":"w.js"}}`, Firefox, "gecko.id is required"},
		{"unknown browser", source, Browser("safari"), `unknown browser "safari"`},
		{"permissions not a list of names", `{"background":{"service_worker":"w.js"},"browser_specific_settings":{"gecko":{"id":"x"}},"permissions":"storage"}`, Firefox, "permissions must be a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := For([]byte(tt.src), tt.browser, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// The repository's manifest builds for both browsers, and each build is a
// manifest that browser accepts: the worker or the event page, Firefox's id.
func TestRepositoryManifest(t *testing.T) {
	src, err := os.ReadFile("../manifest.json")
	require.NoError(t, err)
	for _, b := range []Browser{Chrome, Firefox} {
		out, err := For(src, b, []string{"a.js"})
		require.NoError(t, err, b)
		var m struct {
			Background struct {
				ServiceWorker string   `json:"service_worker"`
				Scripts       []string `json:"scripts"`
			} `json:"background"`
			Settings *struct {
				Gecko struct {
					ID               string `json:"id"`
					StrictMinVersion string `json:"strict_min_version"`
				} `json:"gecko"`
			} `json:"browser_specific_settings"`
		}
		require.NoError(t, json.Unmarshal(out, &m), b)
		if b == Chrome {
			assert.Equal(t, "worker.js", m.Background.ServiceWorker)
			assert.Nil(t, m.Settings)
		} else {
			assert.Equal(t, []string{"a.js", "worker.js"}, m.Background.Scripts)
			require.NotNil(t, m.Settings)
			assert.Equal(t, "panelkey@panelkey.invalid", m.Settings.Gecko.ID)
			assert.NotEmpty(t, m.Settings.Gecko.StrictMinVersion)
		}
	}
}
