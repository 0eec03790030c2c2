package emulator

import (
	"net/http"
	"net/url"
	"testing"
)

// UAPI TwoFactorAuth as documented: generate makes a secret and stores nothing; set turns 2FA on with a valid code
// only; get says whether it is on; the next password login then needs a code; remove turns it off; WHM's
// twofactorauth_get_user_configs lists every account the caller controls with is_enabled; /reset forgets it all.
func TestTwoFactorAuthEnrolment(t *testing.T) {
	s, c := startWithClient(t, false)
	whm := s.URL(WHM, false)
	asRoot := "whm root:" + rootToken
	uapi := func(fn string, args url.Values) map[string]any {
		t.Helper()
		q := url.Values{"api.version": {"1"}, "cpanel.user": {"bob"}, "cpanel.module": {"TwoFactorAuth"}, "cpanel.function": {fn}}
		r := c.post(whm+"/json-api/uapi_cpanel?"+q.Encode(), args, "Authorization", asRoot)
		eq(t, fn+" status", r.status, http.StatusOK)
		return r.json(t)["data"].(map[string]any)["uapi"].(map[string]any)
	}
	enabled := func(user string) any {
		t.Helper()
		r := c.get(whm+"/json-api/twofactorauth_get_user_configs?api.version=1", "Authorization", asRoot)
		return r.json(t)["data"].(map[string]any)[user].(map[string]any)["is_enabled"]
	}
	login := func(form url.Values) string {
		t.Helper()
		r := c.post(s.URL(CPanel, false)+"/login/?login_only=1", form)
		if r.status == http.StatusOK {
			return "ok"
		}
		return r.json(t)["message"].(string)
	}
	eq(t, "bob's 2FA at first", enabled("bob"), any(float64(0)))
	eq(t, "alice's 2FA (fixture)", enabled("alice"), any(float64(1)))

	gen := uapi("generate_user_configuration", nil)["data"].(map[string]any)
	secret := gen["secret"].(string)
	eq(t, "secret length", len(secret), 16)
	mustContain(t, gen["otpauth_str"].(string), "otpauth://totp/server.panelkey.test:bob?secret="+secret+"&issuer=server.panelkey.test")
	eq(t, "generate stores nothing", enabled("bob"), any(float64(0)))

	bad := uapi("set_user_configuration", url.Values{"secret": {secret}, "tfa_token": {"000000"}})
	eq(t, "a wrong code", bad["status"], any(float64(0)))
	mustContain(t, bad["errors"].([]any)[0].(string), "The security code is invalid.")
	short := uapi("set_user_configuration", url.Values{"secret": {"ABCDEFGH"}, "tfa_token": {"123456"}})
	eq(t, "a short secret", short["status"], any(float64(0)))
	eq(t, "still off", enabled("bob"), any(float64(0)))

	awayFromStepEdge(s)
	ok := uapi("set_user_configuration", url.Values{"secret": {secret}, "tfa_token": {code(t, s, secret)}})
	eq(t, "set", ok["data"].(map[string]any)["tfa_configured"], any(float64(1)))
	get := uapi("get_user_configuration", nil)["data"].(map[string]any)
	eq(t, "get is_enabled", get["is_enabled"], any(float64(1)))
	eq(t, "get issuer", get["issuer"], any("server.panelkey.test"))
	eq(t, "listed", enabled("bob"), any(float64(1)))
	eq(t, "login without a code", login(formOf("user", "bob", "pass", "demo-bob-pass")), "token_missing")
	eq(t, "login with a code", login(formOf("user", "bob", "pass", "demo-bob-pass", "tfa_token", code(t, s, secret))), "ok")

	removed := uapi("remove_user_configuration", nil)["data"].(map[string]any)
	eq(t, "removed", removed["tfa_removed"], any(float64(1)))
	eq(t, "off again", enabled("bob"), any(float64(0)))
	eq(t, "login without a code again", login(formOf("user", "bob", "pass", "demo-bob-pass")), "ok")

	// A reseller lists only its accounts; the fixture's 2FA is back after /reset.
	r := c.get(whm+"/json-api/twofactorauth_get_user_configs?api.version=1", "Authorization", "whm resel:"+reselToken)
	data := r.json(t)["data"].(map[string]any)
	eq(t, "reseller's list", len(data), 3)
	eq(t, "alice's domain", data["alice"].(map[string]any)["primary_domain"], any("alice.example"))
	uapi("remove_user_configuration", nil) // bob: already off
	q := url.Values{"api.version": {"1"}, "cpanel.user": {"alice"}, "cpanel.module": {"TwoFactorAuth"}, "cpanel.function": {"remove_user_configuration"}}
	c.get(whm+"/json-api/uapi_cpanel?"+q.Encode(), "Authorization", asRoot)
	eq(t, "alice removed", enabled("alice"), any(float64(0)))
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	eq(t, "alice's fixture 2FA after reset", enabled("alice"), any(float64(1)))
}

// The account's own credentials reach TwoFactorAuth on the cPanel port; a mailbox's Webmail session is refused.
func TestTwoFactorAuthAsTheAccount(t *testing.T) {
	s, c := startWithClient(t, false)
	r := c.get(s.URL(CPanel, false)+"/execute/TwoFactorAuth/get_user_configuration", "Authorization", "cpanel bob:"+bobToken)
	eq(t, "is_enabled", r.json(t)["data"].(map[string]any)["is_enabled"], any(float64(0)))
	r = c.get(s.URL(Webmail, false)+"/execute/TwoFactorAuth/get_user_configuration", "Authorization", basic("info@bob.example", "demo-mail-pass"))
	eq(t, "mailbox status", r.json(t)["status"], any(float64(0)))
}
