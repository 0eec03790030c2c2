package ui

import (
	"strconv"
	"strings"

	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

// Authenticators is the options page's list of standalone authenticators:
// each with its kind of code and its buttons (pin, move up and down, edit,
// delete), draggable to another place, and the edit form of the one being
// edited. Buttons carry data-action and data-id; the form's fields are
// #auth-issuer, #auth-account, #auth-secret, #auth-type, #auth-algorithm,
// #auth-digits, #auth-period, #auth-counter. The stored secret is never
// written into the HTML.
type Authenticators struct {
	C       *locale.Catalog
	List    []vault.Authenticator
	Editing string // the id whose form is open, "" for none
}

// HTML renders the list.
func (v Authenticators) HTML() string {
	c := v.C
	if len(v.List) == 0 {
		return `<p class="empty">` + Escape(c.T("authEmpty")) + `</p>`
	}
	var b strings.Builder
	b.WriteString(`<ul class="auth-list" id="auth-list">`)
	for i := range v.List {
		a := &v.List[i]
		name := KeyName(a.Issuer, a.Account)
		if name == "" {
			name = c.T("rowAuthenticator")
		}
		b.WriteString(`<li class="auth-item" draggable="true" data-id="`)
		escapeTo(&b, a.ID)
		if a.Pinned {
			b.WriteString(`" data-pinned="true`)
		}
		b.WriteString(`"><span class="drag" aria-hidden="true"></span><div class="auth-who"><span class="name">`)
		if a.Pinned {
			b.WriteString(`<span class="pin" title="`)
			escapeTo(&b, c.T("rowPinned"))
			b.WriteString(`"><span class="sr-only">`)
			escapeTo(&b, c.T("rowPinned"))
			b.WriteString(`</span></span>`)
		}
		escapeTo(&b, name)
		b.WriteString(`</span> <span class="params">`)
		escapeTo(&b, KeyParams(c, authKey(a)))
		b.WriteString(`</span></div><div class="auth-actions">`)
		pin, pressed := c.T("authPin"), "false"
		if a.Pinned {
			pin, pressed = c.T("authUnpin"), "true"
		}
		authButton(&b, "auth-pin", a.ID, pin, "", ` aria-pressed="`+pressed+`"`)
		authButton(&b, "auth-up", a.ID, "↑", c.T("authMoveUp", name), disabledIf(i == 0))
		authButton(&b, "auth-down", a.ID, "↓", c.T("authMoveDown", name), disabledIf(i == len(v.List)-1))
		authButton(&b, "auth-edit", a.ID, c.T("authEdit"), c.T("authEditLabel", name), ` aria-expanded="`+strconv.FormatBool(v.Editing == a.ID)+`"`)
		authButton(&b, "auth-delete", a.ID, c.T("authDelete"), c.T("authDeleteLabel", name), "")
		b.WriteString(`</div>`)
		if v.Editing == a.ID {
			b.WriteString(AuthenticatorForm(c, a))
		}
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

func disabledIf(yes bool) string {
	if yes {
		return ` disabled`
	}
	return ""
}

// authButton writes a small button; label (when not "") names it for
// screen readers, where its text alone would not say which row it acts on.
func authButton(b *strings.Builder, action, id, text, label, extra string) {
	b.WriteString(`<button type="button" class="small" data-action="`)
	b.WriteString(action)
	b.WriteString(`" data-id="`)
	escapeTo(b, id)
	b.WriteString(`"`)
	if label != "" {
		b.WriteString(` aria-label="`)
		escapeTo(b, label)
		b.WriteString(`"`)
	}
	b.WriteString(extra)
	b.WriteString(`>`)
	escapeTo(b, text)
	b.WriteString(`</button>`)
}

// authKey is the authenticator as an otpauth key, for KeyParams (defaults
// filled in).
func authKey(a *vault.Authenticator) otpauth.Key {
	o, _ := totp.Options{Algorithm: totp.Algorithm(a.Algorithm), Digits: a.Digits, Period: a.Period}.Normalize()
	k := otpauth.Key{Type: otpauth.TOTP, Algorithm: o.Algorithm, Digits: o.Digits, Period: o.Period}
	if a.IsHOTP() {
		k.Type, k.Period, k.Counter = otpauth.HOTP, 0, uint64(max(a.Counter, 0))
	}
	return k
}

// AuthenticatorForm is the edit form of a: names, a new secret (empty keeps
// the stored one, which the form never holds), and the code's parameters,
// under a warning: other parameters than the service's make codes it
// refuses.
func AuthenticatorForm(c *locale.Catalog, a *vault.Authenticator) string {
	k := authKey(a)
	var b strings.Builder
	b.WriteString(`<form class="auth-form" id="auth-form" autocomplete="off" data-id="`)
	escapeTo(&b, a.ID)
	b.WriteString(`">`)
	textField(&b, "auth-issuer", c.T("authIssuer"), a.Issuer, "")
	textField(&b, "auth-account", c.T("authAccount"), a.Account, "")
	b.WriteString(`<div class="field"><label for="auth-secret">`)
	escapeTo(&b, c.T("authSecret"))
	b.WriteString(`</label><input id="auth-secret" type="password" autocomplete="off" spellcheck="false" placeholder="`)
	escapeTo(&b, c.T("authSecretKeep"))
	b.WriteString(`"></div><fieldset class="auth-params"><legend>`)
	escapeTo(&b, c.T("authParams"))
	b.WriteString(`</legend><p class="warning" id="auth-params-warning">`)
	escapeTo(&b, c.T("authParamsWarning"))
	b.WriteString(`</p>`)
	selectField(&b, "auth-type", c.T("authType"), string(k.Type), [][2]string{
		{string(otpauth.TOTP), c.T("authTypeTOTP")}, {string(otpauth.HOTP), c.T("authTypeHOTP")}})
	selectField(&b, "auth-algorithm", c.T("authAlgorithm"), string(k.Algorithm), [][2]string{
		{"SHA1", "SHA1"}, {"SHA256", "SHA256"}, {"SHA512", "SHA512"}})
	selectField(&b, "auth-digits", c.T("authDigits"), strconv.Itoa(k.Digits), [][2]string{{"6", "6"}, {"7", "7"}, {"8", "8"}})
	numberField(&b, "auth-period", c.T("authPeriod"), strconv.Itoa(max(k.Period, totp.DefaultPeriod)), 1, totp.MaxPeriod, k.IsHOTP())
	numberField(&b, "auth-counter", c.T("authCounter"), strconv.FormatUint(k.Counter, 10), 0, vault.MaxCounter, !k.IsHOTP())
	b.WriteString(`</fieldset><div class="buttons"><button type="submit" class="primary" id="auth-save">`)
	escapeTo(&b, c.T("save"))
	b.WriteString(`</button> <button type="button" data-action="auth-cancel" data-id="`)
	escapeTo(&b, a.ID)
	b.WriteString(`">`)
	escapeTo(&b, c.T("cancel"))
	b.WriteString(`</button></div><p id="auth-error" class="error" role="alert" hidden></p></form>`)
	return b.String()
}

func selectField(b *strings.Builder, id, label, value string, options [][2]string) {
	b.WriteString(`<div class="field">`)
	writeLabelled(b, id, label, "select")
	b.WriteString(`">`)
	for _, o := range options {
		b.WriteString(`<option value="`)
		escapeTo(b, o[0])
		b.WriteString(`"`)
		if o[0] == value {
			b.WriteString(` selected`)
		}
		b.WriteString(`>`)
		escapeTo(b, o[1])
		b.WriteString(`</option>`)
	}
	b.WriteString(`</select></div>`)
}

// numberField is a whole-number input; hidden leaves it in the form, out of
// sight (the other kind's field: the type select shows it).
func numberField(b *strings.Builder, id, label, value string, minimum, maximum int64, hidden bool) {
	b.WriteString(`<div class="field" id="`)
	b.WriteString(id)
	b.WriteString(`-field"`)
	if hidden {
		b.WriteString(` hidden`)
	}
	b.WriteString(`>`)
	writeLabelled(b, id, label, "input")
	b.WriteString(`" type="number" step="1" min="`)
	b.WriteString(strconv.FormatInt(minimum, 10))
	b.WriteString(`" max="`)
	b.WriteString(strconv.FormatInt(maximum, 10))
	b.WriteString(`" value="`)
	escapeTo(b, value)
	b.WriteString(`"></div>`)
}
