package sessionlog_test

import (
	"fmt"

	"github.com/panelkey/panelkey/sessionlog"
)

func ExampleParse() {
	log := `[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=1
[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsucess
not a log line`
	entries, errs := sessionlog.Parse(log)
	for _, e := range entries {
		fmt.Printf("%d %s %s %s creator=%q reason=%q\n", e.Line, e.Event, e.User, e.Time.UTC().Format("15:04:05"), e.Fields["creator"], e.Reason)
	}
	fmt.Println(errs)
	fmt.Println(entries[1].ReasonText)
	// Output:
	// 1 NEW bob 11:13:20 creator="root" reason=""
	// 2 PURGE bob 11:13:25 creator="" reason="loginsucess"
	// [line 3: expected ADDRESS [DD/MM/YYYY:HH:MM:SS ±ZZZZ] or [YYYY-MM-DD HH:MM:SS ±ZZZZ] at the start]
	// A login with this session succeeded and cPanel replaced it with a new session (the NEW entry that follows): a single sign-on URL works once.
}

func ExampleExplain() {
	fmt.Println(sessionlog.Explain("xferwhm"))
	fmt.Println(sessionlog.Explain("quota"))
	// Output:
	// The session was handed over to WHM, which started its own session.
	// cPanel removed the session for the reason "quota", which panelkey does not know.
}
