package cpapi

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersLinks(t *testing.T) {
	req, err := BuildRequest("https://h.example:2087", UsersLinksCall("bob"), "")
	require.NoError(t, err)
	assert.Equal(t, "https://h.example:2087/json-api/get_users_links?api.version=1&user=bob&service=cpaneld", req.URL)

	// The docs' sample, abridged, with keys and values this reader leaves out.
	links, err := ParseUsersLinks(200, []byte(`{"data":{"Backups_Home":"frontend/jupiter/backup/index.html",`+
		`"FileManager_Home":"frontend/jupiter/filemanager/index.html","bad key":"x","Number":7},`+
		`"metadata":{"command":"get_users_links","reason":"OK","result":1,"version":1}}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Backups_Home": "frontend/jupiter/backup/index.html",
		"FileManager_Home": "frontend/jupiter/filemanager/index.html"}, links)

	_, err = ParseUsersLinks(200, []byte(`{"metadata":{"command":"get_users_links","reason":"The user “x” does not exist.","result":0,"version":1}}`))
	assert.Equal(t, CodeAPIFailed, err.(*Error).Code)
	_, err = ParseUsersLinks(200, []byte(`{"data":["x"],"metadata":{"result":1,"version":1}}`))
	assert.Equal(t, CodeBadEnvelope, err.(*Error).Code)
}

func TestWebmailSession(t *testing.T) {
	c, err := WebmailSessionCall("")
	require.NoError(t, err)
	assert.Equal(t, "create_webmail_session_for_self", c.Function)
	c, err = WebmailSessionCall("info@bob.example")
	require.NoError(t, err)
	assert.Equal(t, []Arg{{"login", "info"}, {"domain", "bob.example"}}, c.Args)
	for _, bad := range []string{"info", "@bob.example", "info@", "a@b@c"} {
		_, err := WebmailSessionCall(bad)
		assert.Error(t, err, bad)
	}
	ws, err := ParseWebmailSession(200, []byte(`{"data":{"hostname":null,"session":"bob:x:CREATE_WEBMAIL_SESSION_FOR_MAIL_USER,ab","token":"/cpsess2462418786"},`+
		`"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}`))
	require.NoError(t, err)
	assert.Equal(t, WebmailSession{Session: "bob:x:CREATE_WEBMAIL_SESSION_FOR_MAIL_USER,ab", SecurityToken: "/cpsess2462418786"}, ws)
	_, err = ParseWebmailSession(200, []byte(`{"data":{"session":"","token":"/cpsess2462418786"},"errors":null,"status":1}`))
	assert.Error(t, err)
}

func TestFormLoginAndSecurityCode(t *testing.T) {
	r, err := FormLogin("https://h.example:2083", LoginParams{User: "bob", Pass: "p&ss", GotoURI: "frontend/x"})
	require.NoError(t, err)
	assert.Equal(t, "https://h.example:2083/login/", r.URL)
	v, _ := url.ParseQuery(r.Body)
	assert.Equal(t, url.Values{"user": {"bob"}, "pass": {"p&ss"}, "goto_uri": {"frontend/x"}}, v)
	_, err = FormLogin("https://h.example:2083", LoginParams{User: "bob"})
	assert.Error(t, err)

	r, err = SecurityCode("https://h.example:2083", "/cpsess0123456789", "123456")
	require.NoError(t, err)
	assert.Equal(t, Request{Method: "POST", URL: "https://h.example:2083/cpsess0123456789/", Body: "tfatoken=123456", ContentType: FormContentType}, r)
	_, err = SecurityCode("https://h.example:2083", "/cpsess01", "123456")
	assert.Error(t, err)
	_, err = SecurityCode("https://h.example:2083", "/cpsess0123456789", "12a456")
	assert.Error(t, err)
}
