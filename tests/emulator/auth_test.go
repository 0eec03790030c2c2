package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

const accessDeniedBody = `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`

// headerCase is a request with headers (name, value, …) to url and the emulator's answer to it.
type headerCase struct {
	name, url string
	headers   []string
	status    int
	body      string
}

// §2, Decisions 3–5: every header method on every port, with the status and body cPanel gives.
func TestHeaderAuth(t *testing.T) {
	s := start(t, func(c *Config) { c.Settings.AllowAccessHash = true })
	c := newClient(t, s, false)
	hash := s.Fixture().WHMUsers[0].AccessHash
	if !strings.Contains(hash, "\n") {
		t.Fatal("the demo access hash should contain newlines")
	}
	whm := s.URL(WHM, false) + "/json-api/version?api.version=1"
	uapi := s.URL(CPanel, false) + "/execute/DomainInfo/list_domains"
	tests := []headerCase{ // body: a substring, or the whole body when it starts with "{"
		{"§2 whm token", whm, []string{"Authorization", "whm root:" + rootToken}, 200, `"version":"` + EmulatedVersion},
		{"§2 scheme is case-insensitive", whm, []string{"Authorization", "WHM root:" + rootToken}, 200, `"result":1`},
		{"§2 reseller token", whm, []string{"Authorization", "whm resel:" + reselToken}, 200, `"result":1`},
		{"Decision 5 wrong token", whm, []string{"Authorization", "whm root:WRONGWRONGWRONGWRONGWRONGWRONG12"}, 401, accessDeniedBody},
		{"Decision 5 revoked token", whm, []string{"Authorization", "whm root:" + rootRevoked}, 401, "Access denied"},
		{"§2 expired token", whm, []string{"Authorization", "whm root:" + rootExpired}, 401, "Access denied"},
		{"§2 empty token", whm, []string{"Authorization", "whm root:"}, 401, "Access denied"},
		{"§2 token of another user", whm, []string{"Authorization", "whm resel:" + rootToken}, 401, "Access denied"},
		{"§2 access hash, newlines stripped", whm, []string{"Authorization", "WHM root:" + strings.ReplaceAll(hash, "\n", "")}, 200, `"result":1`},
		{"§2 cpanel token on WHM", whm, []string{"Authorization", "cpanel bob:" + bobToken}, 401, "Access denied"},
		{"§2 cpanel token", uapi, []string{"Authorization", "cpanel bob:" + bobToken}, 200, `"status":1`},
		{"Decision 5 revoked cpanel token", uapi, []string{"Authorization", "cpanel bob:" + bobRevoked}, 401, accessDeniedBody},
		{"§2 cpanel token of another user", uapi, []string{"Authorization", "cpanel alice:" + bobToken}, 401, "Access denied"},
		{"§2 cpanel token on a page", s.URL(CPanel, false) + "/frontend/jupiter/index.html", []string{"Authorization", "cpanel bob:" + bobToken}, 403, "Token authentication allows access to UAPI or API 2 calls only."},
		{"§2 cpanel token on API 1", s.URL(CPanel, false) + "/json-api/cpanel?cpanel_jsonapi_apiversion=1&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops", []string{"Authorization", "cpanel bob:" + bobToken}, 403, "Token authentication allows access to UAPI or API 2 calls only."},
		{"§2 cpanel token on API 2", s.URL(CPanel, false) + "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops", []string{"Authorization", "cpanel bob:" + bobToken}, 200, `"cpanelresult"`},
		{"§2 cpanel token on Webmail", s.URL(Webmail, false) + "/execute/DomainInfo/list_domains", []string{"Authorization", "cpanel bob:" + bobToken}, 401, "Access denied"},
		{"§2 whm token on cPanel UAPI", uapi, []string{"Authorization", "whm root:" + rootToken}, 401, "Access denied"},
		{"§2 Basic WHM", whm, []string{"Authorization", basic("root", rootPass)}, 200, `"result":1`},
		{"Decision 5 Basic wrong password", whm, []string{"Authorization", basic("root", "nope")}, 403, accessDeniedBody},
		{"Decision 5 Basic garbage", whm, []string{"Authorization", "Basic !!!"}, 403, accessDeniedBody},
		{"§2 Basic cPanel", uapi, []string{"Authorization", basic("bob", bobPass)}, 200, `"status":1`},
		{"§2 Basic suspended cPanel user", uapi, []string{"Authorization", basic("dave", "demo-dave-pass")}, 403, accessDeniedBody},
		{"§2 Basic cPanel user on WHM", whm, []string{"Authorization", basic("bob", bobPass)}, 403, accessDeniedBody},
		{"§2 Basic mailbox on Webmail", s.URL(Webmail, false) + "/execute/Email/list_pops", []string{"Authorization", basic(bobMail, bobMailPass)}, 200, `"status":1`},
		{"§2 Basic mailbox on cPanel", uapi, []string{"Authorization", basic(bobMail, bobMailPass)}, 403, accessDeniedBody},
		{"no credentials on an API: login page", uapi, nil, 401, `id="emulator-login"`},
		{"unknown scheme is ignored", uapi, []string{"Authorization", "Bearer x"}, 401, `id="emulator-login"`},
		{"Decision 3 WHM API 1 on cPanel", s.URL(CPanel, false) + "/json-api/listaccts?api.version=1", []string{"Authorization", "whm root:" + rootToken}, 403, `{"cpanelresult":{"apiversion":"2","error":"Permission denied","data":{"reason":"Permission denied","result":"0"},"type":"text"}}`},
		{"Decision 3 WHM API 1 on Webmail", s.URL(Webmail, false) + "/json-api/create_user_session?api.version=1", []string{"Authorization", "whm root:" + rootToken}, 403, "Permission denied"},
		{"Decision 3 UAPI on WHM", s.URL(WHM, false) + "/execute/Email/list_pops", []string{"Authorization", "cpanel bob:" + bobToken}, 404, `{"cpanelresult":{"apiversion":"2","error":"Function not found","data":{"reason":"Function not found","result":"0"},"type":"text"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(tt.url, tt.headers...)
			eq(t, "status", r.status, tt.status)
			if strings.HasPrefix(tt.body, "{") {
				eq(t, "body", r.body, tt.body)
			} else {
				mustContain(t, r.body, tt.body)
			}
		})
	}
}

// §2: the access hash is refused unless AllowAccessHash (default off, as in v124).
func TestAccessHashOffByDefault(t *testing.T) {
	s := start(t, nil)
	hash := strings.ReplaceAll(s.Fixture().WHMUsers[0].AccessHash, "\n", "")
	r := newClient(t, s, false).get(s.URL(WHM, false)+"/json-api/version?api.version=1", "Authorization", "WHM root:"+hash)
	eq(t, "status", r.status, http.StatusUnauthorized)
	if err := s.SetSettings(Settings{AllowAccessHash: true}); err != nil {
		t.Fatal(err)
	}
	r = newClient(t, s, false).get(s.URL(WHM, false)+"/json-api/version?api.version=1", "Authorization", "WHM root:"+hash)
	eq(t, "status with the tweak on", r.status, http.StatusOK)
}

// §5, Decision 4: Basic auth for a 2FA user needs X-CPANEL-OTP only when the "API requests" policy is on; a
// failure is 403 with the TwoFactorAuth body (cpanelresult-wrapped for API 2). Tokens are not subject to 2FA.
func TestBasicAuthOTP(t *testing.T) {
	s, c := startWithClient(t, false)
	const tfaBody = `{"data":{"reason":"TwoFactorAuth check failed","result":"0"},"error":"TwoFactorAuth check failed","type":"text"}`
	uapi := s.URL(CPanel, false) + "/execute/DomainInfo/list_domains"
	api2 := s.URL(CPanel, false) + "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops"
	whm := s.URL(WHM, false) + "/json-api/version?api.version=1"
	tests := []headerCase{ // body: the whole body, "" when not checked
		{"policy on, no code", uapi, []string{"Authorization", basic("alice", alicePass)}, 403, tfaBody},
		{"policy on, wrong code", uapi, []string{"Authorization", basic("alice", alicePass), "X-CPANEL-OTP", "000000"}, 403, tfaBody},
		{"policy on, right code", uapi, []string{"Authorization", basic("alice", alicePass), "X-CPANEL-OTP", code(t, s, aliceSecret)}, 200, ""},
		{"policy on, API 2 wraps", api2, []string{"Authorization", basic("alice", alicePass)}, 403, `{"cpanelresult":` + tfaBody + `}`},
		{"policy on, token needs no code", uapi, []string{"Authorization", "cpanel alice:" + aliceToken}, 200, ""},
		{"policy off: no code needed", uapi, []string{"Authorization", basic("erin", erinPass)}, 200, ""},
		{"WHM reseller, policy on", whm, []string{"Authorization", basic("resel2fa", resel2Pass)}, 403, tfaBody},
		{"WHM reseller, right code", whm, []string{"Authorization", basic("resel2fa", resel2Pass), "X-CPANEL-OTP", code(t, s, resel2Secret)}, 200, ""},
		{"WHM root, policy off", whm, []string{"Authorization", basic("root", rootPass)}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(tt.url, tt.headers...)
			eq(t, "status", r.status, tt.status)
			if tt.body != "" {
				eq(t, "body", r.body, tt.body)
				eq(t, "content type", r.header.Get("Content-Type"), "text/plain; charset=utf-8")
			}
		})
	}
}

// §5: TOTP is SHA1/6/30 with ±1 step at the server clock; a clock offset moves the accepted window (drift).
func TestOTPWindowAndClockDrift(t *testing.T) {
	s, c := startWithClient(t, false)
	uapi := s.URL(CPanel, false) + "/execute/DomainInfo/list_domains"
	at := func(d time.Duration) string {
		v, err := totpAt(aliceSecret, s.Now().Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name   string
		offset time.Duration
		status int
	}{
		{"previous step", -30 * time.Second, 200},
		{"next step", 30 * time.Second, 200},
		{"two steps back", -60 * time.Second, 403},
		{"two steps ahead", 90 * time.Second, 403},
	}
	for _, tt := range tests {
		awayFromStepEdge(s)
		r := c.get(uapi, "Authorization", basic("alice", alicePass), "X-CPANEL-OTP", at(tt.offset))
		eq(t, tt.name, r.status, tt.status)
	}
	// The server clock runs 5 minutes ahead: a code from the client's real time fails, one from the server
	// time passes.
	s.SetClockOffset(5 * time.Minute)
	real, err := totpAt(aliceSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "client clock code", c.get(uapi, "Authorization", basic("alice", alicePass), "X-CPANEL-OTP", real).status, 403)
	eq(t, "server clock code", c.get(uapi, "Authorization", basic("alice", alicePass), "X-CPANEL-OTP", code(t, s, aliceSecret)).status, 200)
}
