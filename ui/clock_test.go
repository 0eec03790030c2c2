package ui_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

func TestEntryAtTheServersClock(t *testing.T) {
	secret := "JBSWY3DPEHPK3PXP"
	v := &vault.Vault{
		Servers: []vault.Server{{ID: "s1", BaseURL: "https://h:2087", WHM: vault.WHM{User: "root", TOTP: &vault.TOTP{Secret: secret}},
			Pages: pages(vault.Account{ID: "a1", User: "bob", TOTP: &vault.TOTP{Secret: secret, Digits: 8},
				Mailboxes: []vault.Mailbox{{Email: "info@bob.example"}}})},
			{ID: "s2", BaseURL: "https://other:2087", WHM: vault.WHM{User: "root", TOTP: &vault.TOTP{Secret: secret}}}},
		Authenticators: []vault.Authenticator{{ID: "t1", Issuer: "GitHub", Secret: secret}},
	}
	clocks := ui.Clocks{"s1": 95 * time.Second, "t1": time.Hour}
	now := time.Unix(1_700_000_000, 0) // 20 s into a 30 s step

	var entries []totp.Entry
	for _, r := range ui.Rows(v) {
		if e, ok := r.Entry(clocks); ok {
			entries = append(entries, e)
		}
	}
	require.Len(t, entries, 4, "the mailbox has no secret")
	assert.Equal(t, []time.Duration{95 * time.Second, 95 * time.Second, 0, 0},
		[]time.Duration{entries[0].Options.Offset, entries[1].Options.Offset, entries[2].Options.Offset, entries[3].Options.Offset},
		"s1's WHM and account at s1's clock; s2 has none learnt; an authenticator belongs to no server")

	results := totp.Codes(entries, now)
	atServer, err := totp.Code(secret, now.Add(95*time.Second), totp.Options{})
	require.NoError(t, err)
	local, err := totp.Code(secret, now, totp.Options{})
	require.NoError(t, err)
	assert.NotEqual(t, local, atServer)
	assert.Equal(t, atServer, results[0].Code)
	assert.Equal(t, local, results[2].Code)
	assert.Equal(t, local, results[3].Code)

	// The countdown follows the same clock: 20 s + 95 s into a step is 25 s into one.
	assert.Equal(t, 5, results[0].SecondsLeft)
	assert.Equal(t, 10, results[2].SecondsLeft)

	c := ui.NewCodeView(entries[0], results[0])
	assert.Equal(t, ui.CodeView{Code: atServer, SecondsLeft: 5, Period: 30, Offset: 95 * time.Second}, c)
	assert.Equal(t, "+1 min 35 s", ui.ClockMarker(c.Offset))
	assert.Empty(t, ui.ClockMarker(ui.NewCodeView(entries[3], results[3]).Offset))
}

func TestNewCodeViewOfAFailure(t *testing.T) {
	e := totp.Entry{ID: "x", Secret: "JBSW0"}
	c := ui.NewCodeView(e, totp.Codes([]totp.Entry{e}, time.Unix(0, 0))[0])
	assert.Empty(t, c.Code)
	assert.Contains(t, c.Err, "is not base32")
	assert.NotContains(t, c.Err, "totp:")
}

func TestClockMarker(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                "",
		400 * time.Millisecond:           "",
		-499 * time.Millisecond:          "",
		600 * time.Millisecond:           "+1 s",
		42 * time.Second:                 "+42 s",
		-42 * time.Second:                "−42 s",
		3 * time.Minute:                  "+3 min",
		-(3*time.Minute + 5*time.Second): "−3 min 5 s",
		2*time.Hour + time.Minute + 9*time.Second: "+2 h 1 min",
		-26 * time.Hour: "−26 h",
	} {
		assert.Equal(t, want, ui.ClockMarker(d), "%v", d)
	}
}

// pages puts accounts on one loaded page, as a server's Pages.
func pages(accounts ...vault.Account) []vault.Page {
	return []vault.Page{{ID: "p1", Loaded: true, Accounts: accounts}}
}
