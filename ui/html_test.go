package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/panelkey/panelkey/vault"
	"github.com/stretchr/testify/assert"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain.example", "plain.example"},
		{`<script>alert("x")</script>`, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"},
		{"a&b", "a&amp;b"},
		{"it's", "it&#39;s"},
		{"nul\x00byte", "nul\uFFFDbyte"},
		{"ünï<", "ünï&lt;"},
		{"&amp;", "&amp;amp;"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Escape(tc.in), "%q", tc.in)
	}
}

func TestFraction(t *testing.T) {
	tests := []struct {
		left, period int
		want         string
	}{
		{12, 30, "0.40"}, {30, 30, "1"}, {1, 30, "0.03"}, {0, 30, "0"}, {5, 0, "0"}, {45, 30, "1"}, {3, 60, "0.05"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Fraction(tc.left, tc.period), "%d/%d", tc.left, tc.period)
	}
}

func TestListHTMLEscapesVaultStrings(t *testing.T) {
	evil := `"><img src=x onerror=alert(1)>`
	rows := []Row{
		{ID: evil, Kind: KindAccount, Title: evil, Detail: "<b>" + evil, OTP: &vault.TOTP{Secret: "x"},
			Buttons: []Button{button(ServiceCPanel, MethodPassword, ""), button(ServiceWebmail, "", "whyMailbox")}},
	}
	html := List{C: testCatalog(t), Rows: rows, Hits: []int{0}, Total: 1, Codes: map[int]CodeView{0: {Code: "123456", SecondsLeft: 12, Period: 30}}}.HTML()
	assert.NotContains(t, html, "<img")
	assert.NotContains(t, html, "<b>")
	assert.Contains(t, html, `data-id="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"`)
	assert.Contains(t, html, `data-entry-id="&#34;&gt;&lt;img`)
	assert.Contains(t, html, `title="Copy code">123456</button>`)
	assert.Contains(t, html, `<span class="ring" aria-hidden="true" style="--f:0.40"><span class="left">12</span>`)
	assert.Contains(t, html, `<button type="button" data-service="cpanel" data-method="password">cPanel</button>`)
	assert.Contains(t, html, `<button type="button" data-service="webmail" disabled title="To log in here, store the mailbox password or the server&#39;s WHM API token (Manage servers).">Webmail</button>`)
	assert.Contains(t, html, `<li class="row row-account selected" aria-current="true"`)
	assert.NotContains(t, html, "role=", "rows are list items: they hold buttons")
}

func TestListHTMLShape(t *testing.T) {
	rows := Rows(sample(t))
	tests := []struct {
		name     string
		list     List
		rows     int
		contains []string
		absent   []string
	}{
		{
			name:     "selection and ids",
			list:     List{Rows: rows, Hits: []int{0, 1}, Total: 2, Selected: 1},
			rows:     2,
			contains: []string{`data-index="1" data-kind="account" data-id="a1"`, `class="row row-account selected"`},
			absent:   []string{`row-server selected`, `class="more"`},
		},
		{
			name:     "code error is shown as a title, not digits",
			list:     List{Rows: rows, Hits: []int{1}, Total: 1, Selected: -1, Codes: map[int]CodeView{0: {Err: "secret has an invalid character"}}},
			rows:     1,
			contains: []string{`class="code" data-entry-id="a1" disabled title="secret has an invalid character" aria-label="secret has an invalid character"></button>`},
			absent:   []string{"selected"},
		},
		{
			name:     "a code at its server's clock is marked",
			list:     List{Rows: rows, Hits: []int{1}, Total: 1, Codes: map[int]CodeView{0: {Code: "123456", SecondsLeft: 5, Period: 30, Offset: -95 * time.Second}}},
			rows:     1,
			contains: []string{`<span class="clock" title="At the server&#39;s clock, −1 min 35 s from this computer&#39;s (learnt at a login)">−1 min 35 s</span>`},
		},
		{
			name:   "no marker when the clocks agree",
			list:   List{Rows: rows, Hits: []int{1}, Total: 1, Codes: map[int]CodeView{0: {Code: "123456", SecondsLeft: 5, Period: 30, Offset: 300 * time.Millisecond}}},
			rows:   1,
			absent: []string{`class="clock"`},
		},
		{
			name:     "truncated list says how many more",
			list:     List{Rows: rows, Hits: []int{0}, Total: 1234},
			rows:     1,
			contains: []string{`<li class="more">1233 more — type to narrow the list</li>`},
		},
		{
			name:     "empty result",
			list:     List{Rows: rows, Total: 0},
			rows:     0,
			contains: []string{`<li class="empty">Nothing matches.</li>`},
		},
		{
			name: "a pinned authenticator is marked; a HOTP one shows its code only once asked",
			list: List{Rows: []Row{
				{ID: "t1", Kind: KindAuthenticator, Title: "GitHub", Pinned: true, OTP: &vault.TOTP{Secret: "S"}},
				{ID: "t2", Kind: KindAuthenticator, Title: "Bank", Detail: "me", HOTP: true, Counter: 7, OTP: &vault.TOTP{Secret: "S"}},
				{ID: "t3", Kind: KindAuthenticator, Title: "Shop", HOTP: true, Counter: 2, OTP: &vault.TOTP{Secret: "S"}},
			}, Hits: []int{0, 1, 2}, Total: 3, HOTP: map[string]string{"t3": "755224"}},
			rows: 3,
			contains: []string{`data-id="t1" data-pinned="true"><div class="who"><div class="title"><span class="pin" title="Pinned"><span class="sr-only">Pinned</span></span>GitHub`,
				`<div class="detail">me · counter 7</div></div><div class="otp"><button type="button" class="small hotp-next" data-hotp-id="t2">Show code</button></div>`,
				`<button type="button" class="code" data-entry-id="t3" title="Copy code">755224</button><button type="button" class="small hotp-next" data-hotp-id="t3">Next code</button>`},
			absent: []string{`data-entry-id="t2"`},
		},
		{
			name:     "rows without a secret have no code",
			list:     List{Rows: rows, Hits: []int{0}, Total: 1},
			rows:     1,
			absent:   []string{`class="code"`},
			contains: []string{`data-service="whm" data-method="token">WHM</button>`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.list.C = testCatalog(t)
			html := tc.list.HTML()
			assert.Equal(t, tc.rows, strings.Count(html, `<li class="row `))
			assert.NotContains(t, html, "⟦", "every word is in the catalog")
			for _, s := range tc.contains {
				assert.Contains(t, html, s)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, html, s)
			}
		})
	}
}
