package deeplink

import (
	"testing"

	"github.com/panelkey/panelkey/tests/fuzzseed"
)

// FuzzFavourite: a stored favourite, whatever it holds, is a destination whose app key create_user_session
// accepts and whose page stays on the server, or an error.
func FuzzFavourite(f *testing.F) {
	fuzzseed.Add(f, "file-manager", "app:Cron_Home", "app:x&goto_uri=//evil", "app:", "")
	f.Fuzz(func(t *testing.T, id string) {
		d, err := Favourite(id)
		if err != nil {
			return
		}
		if d.App != "" && !appKey.MatchString(d.App) || d.Path != "" && !safePath(d.Path) || !d.Service.Valid() {
			t.Fatalf("favourite %q gives %+v", id, d)
		}
		l := d.Resolve(map[string]string{d.App: id})
		if l.GotoURI != "" && !safePath(l.GotoURI) {
			t.Fatalf("landing %+v", l)
		}
	})
}
