package deeplink

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/endpoint"
)

var (
	kebab  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	appKey = regexp.MustCompile(`(?i)^[0-9a-z_-]+$`) // create_user_session's pattern (§3)
)

// The destinations, each with its documentation, in menu order.
func TestCatalog(t *testing.T) {
	var ids []string
	for _, d := range All() {
		ids = append(ids, d.ID)
		assert.Regexp(t, kebab, d.ID)
		assert.NotEmpty(t, d.Title)
		assert.True(t, d.Service.Valid(), d.ID)
		assert.True(t, strings.HasPrefix(d.Source, "https://api.docs.cpanel.net/"), d.ID)
		if d.App != "" {
			assert.Regexp(t, appKey, d.App)
		}
		if d.Path != "" {
			assert.True(t, safePath(d.Path) && !strings.HasPrefix(d.Path, "/"), d.ID)
		}
		assert.Equal(t, d.Service == endpoint.WHM, d.AsWHMUser, d.ID)
		if d.App != "" && d.Path == "" {
			assert.NotEmpty(t, d.Note, "%s: an undocumented page is said so", d.ID)
		}
	}
	assert.Equal(t, []string{"cpanel-home", "file-manager", "email-accounts", "phpmyadmin", "backup", "ssl-tls",
		"whm-list-accounts", "whm-terminal", "webmail"}, ids)
	fm, ok := Find("file-manager")
	require.True(t, ok)
	assert.Equal(t, "FileManager_Home", fm.App)
	_, ok = Find("nope")
	assert.False(t, ok)
	all := All()
	all[0].App = "changed"
	again, _ := Find("cpanel-home")
	assert.Empty(t, again.App, "All returns a copy")
}

func TestFavourite(t *testing.T) {
	d, err := Favourite("phpmyadmin")
	require.NoError(t, err)
	assert.Equal(t, "Database_phpMyAdmin", d.App)
	d, err = Favourite(CustomID("Cron_Home"))
	require.NoError(t, err)
	assert.Equal(t, Destination{ID: "app:Cron_Home", Title: "Cron_Home", Service: endpoint.CPanel, App: "Cron_Home",
		Source: docUsersLinks, Note: d.Note}, d)
	for _, bad := range []string{"app:", "app:a b", "app:../x", "app:x&goto_uri=//evil", "app:" + strings.Repeat("a", 65), "app:é"} {
		_, err := Favourite(bad)
		assert.ErrorIs(t, err, ErrAppKey, bad)
	}
	_, err = Favourite("unknown")
	assert.ErrorIs(t, err, ErrUnknown)
}

func TestResolve(t *testing.T) {
	fm, _ := Find("file-manager")
	assert.Equal(t, Landing{App: "FileManager_Home", GotoURI: "frontend/jupiter/filemanager/index.html", Offered: true}, fm.Resolve(nil))
	// The server's theme wins.
	assert.Equal(t, "frontend/paper_lantern/filemanager/index.html",
		fm.Resolve(map[string]string{"FileManager_Home": "/frontend/paper_lantern/filemanager/index.html"}).GotoURI)
	// A key the server lacks: the session opens on the home, and the user is told.
	missing := fm.Resolve(map[string]string{"Cron_Home": "x"})
	assert.False(t, missing.Offered)
	assert.Empty(t, missing.GotoURI)
	assert.Contains(t, missing.Note, "FileManager_Home")
	// A page that would leave the server is not used.
	assert.Equal(t, fm.Path, fm.Resolve(map[string]string{"FileManager_Home": "https://evil.example/"}).GotoURI)
	// WHM's keys are not in get_users_links (cPanel's list): the lack of one says nothing.
	term, _ := Find("whm-terminal")
	assert.True(t, term.Resolve(map[string]string{}).Offered)
	home, _ := Find("cpanel-home")
	assert.Equal(t, Landing{Offered: true}, home.Resolve(map[string]string{}))
}
