package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The demo fixture has what the e2e tests rely on.
func TestDemoFixture(t *testing.T) {
	f := DemoFixture()
	d, err := newDirectory(f)
	if err != nil {
		t.Fatal(err)
	}
	root := d.whm["root"]
	if root == nil || len(root.Tokens) == 0 || root.Password == "" || root.TOTPSecret == "" || root.AccessHash == "" {
		t.Errorf("root lacks token, password, 2FA or access hash: %+v", root)
	}
	owned := 0
	for _, a := range f.Accounts {
		if a.Owner == "resel" {
			owned++
		}
	}
	eq(t, "reseller owns 2 accounts", owned, 2)
	var with2FA, without2FA, suspended, mailboxes int
	for _, a := range f.Accounts {
		if a.TOTPSecret != "" {
			with2FA++
		} else {
			without2FA++
		}
		if a.Suspended {
			suspended++
		}
		mailboxes += len(a.Mailboxes)
	}
	if with2FA == 0 || without2FA == 0 || suspended != 1 || mailboxes == 0 {
		t.Errorf("2FA %d, no 2FA %d, suspended %d, mailboxes %d", with2FA, without2FA, suspended, mailboxes)
	}
	if !strings.Contains(string(DemoFixtureJSON()), `"whmUsers"`) {
		t.Error("DemoFixtureJSON")
	}
}

// Broken fixtures are refused with a message naming the problem.
func TestFixtureValidation(t *testing.T) {
	tests := []struct {
		name, json, err string
	}{
		{"unknown field", `{"whmUsers":[],"accounts":[],"colour":1}`, "unknown field"},
		{"bad user name", `{"whmUsers":[{"user":"Root!"}]}`, "bad user name"},
		{"duplicate whm user", `{"whmUsers":[{"user":"root"},{"user":"root"}]}`, "twice"},
		{"unknown owner", `{"whmUsers":[{"user":"root"}],"accounts":[{"user":"bob","owner":"ghost","domain":"bob.example"}]}`, "owner"},
		{"bad domain", `{"whmUsers":[{"user":"root"}],"accounts":[{"user":"bob","owner":"root","domain":"bob"}]}`, "bad domain"},
		{"shared domain", `{"whmUsers":[{"user":"root"}],"accounts":[{"user":"bob","owner":"root","domain":"x.example"},{"user":"amy","owner":"root","domain":"x.example"}]}`, "belongs to"},
		{"bad secret", `{"whmUsers":[{"user":"root","totpSecret":"not base32!"}]}`, "totpSecret"},
		{"mailbox elsewhere", `{"whmUsers":[{"user":"root"}],"accounts":[{"user":"bob","owner":"root","domain":"bob.example","mailboxes":[{"email":"a@other.example","password":"x"}]}]}`, "mailbox"},
		{"token without value", `{"whmUsers":[{"user":"root","tokens":[{"name":"a"}]}]}`, "token"},
		{"root as cPanel user", `{"whmUsers":[{"user":"root"}],"accounts":[{"user":"root","owner":"root","domain":"r.example"}]}`, "bad user name"},
	}
	for _, tt := range tests {
		_, err := ParseFixture([]byte(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: err %v, want one mentioning %q", tt.name, err, tt.err)
		}
	}
	// Secrets are normalised (lower case, spaces) the way users paste them.
	f, err := ParseFixture([]byte(`{"whmUsers":[{"user":"root","totpSecret":"jbsw y3dp ehpk 3pxp"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "secret", f.WHMUsers[0].TOTPSecret, "JBSWY3DPEHPK3PXP")
	// New does not modify the caller's fixture.
	mine := &Fixture{WHMUsers: []WHMUser{{User: "root", TOTPSecret: "jbsw y3dp ehpk 3pxp"}}}
	s, err := New(Config{Fixture: mine})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	eq(t, "caller's fixture untouched", mine.WHMUsers[0].TOTPSecret, "jbsw y3dp ehpk 3pxp")
}

// A generated fixture of 10,000+ accounts loads, and listaccts answers for root and for a reseller quickly.
func TestLargeFixture(t *testing.T) {
	f := GenerateFixture(10000, 20, 7)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFixture(b); err != nil {
		t.Fatal(err)
	}
	again := GenerateFixture(10000, 20, 7)
	eq(t, "deterministic", again.Accounts[9999].Password+again.WHMUsers[3].Tokens[0].Token, f.Accounts[9999].Password+f.WHMUsers[3].Tokens[0].Token)

	s := start(t, func(c *Config) { c.Fixture = f })
	c := newClient(t, s, false)
	rootTok := f.WHMUsers[0].Tokens[0].Token
	// How long listaccts takes at this size is the bench's (scripts/bench.sh --browser fleet), not asserted here.
	r := c.whm("whm root:"+rootTok, "listaccts", "want=user,owner")
	eq(t, "status", r.status, http.StatusOK)
	eq(t, "root sees all", len(users(t, r)), 10000)
	res := f.WHMUsers[1]
	r = c.whm("whm "+res.User+":"+res.Tokens[0].Token, "listaccts", "want=user,owner")
	var n int
	for _, a := range r.json(t)["data"].(map[string]any)["acct"].([]any) {
		if a.(map[string]any)["owner"] != res.User {
			t.Fatalf("reseller sees %v", a)
		}
		n++
	}
	if n == 0 || n > 1000 {
		t.Errorf("reseller sees %d accounts", n)
	}
}

// OTPAuthURI is cPanel's form (§5): issuer:account, secret, issuer, nothing else.
func TestOTPAuthURI(t *testing.T) {
	eq(t, "uri", OTPAuthURI("server.panelkey.test", "alice", "ALICETWOFACTORAB"), "otpauth://totp/server.panelkey.test:alice?secret=ALICETWOFACTORAB&issuer=server.panelkey.test")
	eq(t, "escaped", OTPAuthURI("My Host&Co", "a@b.example", "X"), "otpauth://totp/My%20Host%26Co:a%40b.example?secret=X&issuer=My%20Host%26Co")
}
