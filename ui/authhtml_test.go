package ui

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/panelkey/panelkey/vault"
)

func TestAuthenticatorsHTML(t *testing.T) {
	c := testCatalog(t)
	assert.Contains(t, Authenticators{C: c}.HTML(), "No authenticators yet.")
	list := []vault.Authenticator{
		{ID: "t1", Issuer: "<i>", Account: "me", Secret: "JBSWY3DPEHPK3PXP", Pinned: true},
		{ID: "t2", Account: "solo", Secret: "GEZDGNBVGY3TQOJQ", Algorithm: "SHA256", Digits: 8, Period: 60},
		{ID: "t3", Issuer: "Bank", Secret: "MFRGGZDFMZTWQ2LK", Type: vault.TypeHOTP, Counter: 12},
	}
	html := Authenticators{C: c, List: list}.HTML()
	assert.Equal(t, 3, strings.Count(html, `<li class="auth-item" draggable="true"`))
	assert.Contains(t, html, `data-id="t1" data-pinned="true"><span class="drag" aria-hidden="true"></span><div class="auth-who"><span class="name"><span class="pin" title="Pinned">`)
	assert.Contains(t, html, `&lt;i&gt; · me</span> <span class="params">TOTP · SHA1 · 6 digits · 30 s</span>`)
	assert.Contains(t, html, `solo</span> <span class="params">TOTP · SHA256 · 8 digits · 60 s</span>`)
	assert.Contains(t, html, `Bank</span> <span class="params">HOTP · SHA1 · 6 digits · counter 12</span>`)
	assert.Contains(t, html, `data-action="auth-pin" data-id="t1" aria-pressed="true">Unpin</button>`)
	assert.Contains(t, html, `data-action="auth-pin" data-id="t2" aria-pressed="false">Pin</button>`)
	assert.Contains(t, html, `data-action="auth-up" data-id="t1" aria-label="Move &lt;i&gt; · me up" disabled>↑</button>`, "the first cannot go up")
	assert.Contains(t, html, `data-action="auth-down" data-id="t3" aria-label="Move Bank down" disabled>↓</button>`, "the last cannot go down")
	assert.Contains(t, html, `data-action="auth-delete" data-id="t2" aria-label="Delete solo">Delete</button>`)
	assert.NotContains(t, html, "auth-form")

	edit := Authenticators{C: c, List: list, Editing: "t3"}.HTML()
	assert.Contains(t, edit, `data-action="auth-edit" data-id="t3" aria-label="Edit Bank" aria-expanded="true">Edit</button>`)
	assert.Contains(t, edit, `<form class="auth-form" id="auth-form" autocomplete="off" data-id="t3">`)
	assert.Contains(t, edit, `id="auth-issuer" type="text" autocomplete="off" spellcheck="false" value="Bank"`)
	assert.Contains(t, edit, `<option value="hotp" selected>`)
	assert.Contains(t, edit, `<div class="field" id="auth-period-field" hidden>`)
	assert.Contains(t, edit, `id="auth-counter" type="number" step="1" min="0" max="9007199254740991" value="12"`)
	assert.Contains(t, edit, `id="auth-params-warning">Change these only to match the service`)
	for _, a := range list {
		assert.NotContains(t, edit, a.Secret, "the stored secret is never in the form")
	}
	assert.NotContains(t, edit, "⟦")
}
