package sessionlog

import (
	"reflect"
	"strings"
	"testing"

	"github.com/panelkey/panelkey/errcode/errcodetest"
	"github.com/panelkey/panelkey/tests/fuzzseed"
)

// FuzzParseLine: no panics; errors are coded; an entry is complete; surrounding white space and a CR do not
// change it; Parse of the same line gives the same entry on line 1.
func FuzzParseLine(f *testing.F) {
	fuzzseed.Add(f,
		"[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0",
		"[2024-06-10 06:13:25 -0500] info [cpsrvd] [77] internal FAILEDPURGE bob:x7 expired [boom]",
		"198.51.100.4 [17/07/2013:15:53:38 -0000] PURGE bamboode:vXE5 loginsucess",
		"198.51.100.4 [07/17/2013:15:53:38 -0000] NEW a:b",
		"1.2.3.4 [31/02/2024:00:00:00 -0000] NEW bob:x",
		"",
	)
	f.Fuzz(func(t *testing.T, line string) {
		e, err := ParseLine(line)
		if err != nil {
			errcodetest.Coded[*Error](t, err)
			return
		}
		switch {
		case e.User == "" || e.Address == "" || e.Time.IsZero():
			t.Fatalf("ParseLine(%q) = %+v: incomplete", line, e)
		case e.Event == EventNew && e.Fields == nil:
			t.Fatalf("ParseLine(%q): NEW without fields", line)
		case e.Event != EventNew && e.ReasonText == "":
			t.Fatalf("ParseLine(%q): %s without a reason text", line, e.Event)
		}
		if strings.ContainsAny(line, "\n") {
			return // Parse would split it
		}
		again, err := ParseLine(" \t" + line + " \r")
		if err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("ParseLine with padding: %+v, %v; want %+v", again, err, e)
		}
		entries, errs := Parse(line)
		e.Line = 1
		if len(errs) != 0 || len(entries) != 1 || !reflect.DeepEqual(entries[0], e) {
			t.Fatalf("Parse(%q) = %+v, %v; want %+v", line, entries, errs, e)
		}
	})
}
