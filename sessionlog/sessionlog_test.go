package sessionlog

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLine(t *testing.T) {
	cdt := time.FixedZone("", -5*3600)
	tests := []struct {
		name string
		line string
		want Entry
	}{
		{"logger NEW from create_user_session",
			"[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0",
			Entry{Address: "203.0.113.9", Time: time.Date(2024, 6, 10, 6, 13, 20, 0, cdt), Event: EventNew, User: "bob",
				SessionID: "x7rGd9PLkWqz3YFb:create_user_session", Process: "cpsrvd",
				Fields: map[string]string{"address": "203.0.113.9", "app": "cpaneld", "creator": "root", "method": "create_user_session", "path": "json-api", "possessed": "0"}}},
		{"logger PURGE with the docs' spelling",
			"[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsucess",
			Entry{Address: "203.0.113.9", Time: time.Date(2024, 6, 10, 6, 13, 25, 0, cdt), Event: EventPurge, User: "bob",
				SessionID: "x7rGd9PLkWqz3YFb:create_user_session", Process: "cpsrvd", Reason: "loginsucess", ReasonText: reasons["loginsuccess"]}},
		{"logger with pid, FAILEDPURGE with detail",
			"[2024-06-10 06:14:00 +0000] info [cpsrvd] [4242] internal FAILEDPURGE bob:abc expired [could not remove temp user]",
			Entry{Address: "internal", Time: time.Date(2024, 6, 10, 6, 14, 0, 0, time.UTC), Event: EventFailedPurge, User: "bob",
				SessionID: "abc", Process: "cpsrvd", Reason: "expired", ReasonText: reasons["expired"], Detail: "could not remove temp user"}},
		{"seed form, day first",
			"198.51.100.4 [17/07/2013:15:53:38 -0000] NEW bamboode:vXE5Ab_38B address=198.51.100.4,app=cpaneld,creator=bamboode,method=handle_form_login,path=form,possessed=0",
			Entry{Address: "198.51.100.4", Time: time.Date(2013, 7, 17, 15, 53, 38, 0, time.FixedZone("", 0)), Event: EventNew, User: "bamboode", SessionID: "vXE5Ab_38B",
				Fields: map[string]string{"address": "198.51.100.4", "app": "cpaneld", "creator": "bamboode", "method": "handle_form_login", "path": "form", "possessed": "0"}}},
		{"seed form, month first when unambiguous",
			"198.51.100.4 [07/17/2013:15:53:38 +0200] PURGE bamboode:vXE5 loginsuccess",
			Entry{Address: "198.51.100.4", Time: time.Date(2013, 7, 17, 15, 53, 38, 0, time.FixedZone("", 7200)), Event: EventPurge, User: "bamboode",
				SessionID: "vXE5", Reason: "loginsuccess", ReasonText: reasons["loginsuccess"]}},
		{"seed form, ambiguous date is day first",
			"10.0.0.1 [05/06/2024:00:00:00 -0000] PURGE u:1 logout",
			Entry{Address: "10.0.0.1", Time: time.Date(2024, 6, 5, 0, 0, 0, 0, time.FixedZone("", 0)), Event: EventPurge, User: "u", SessionID: "1",
				Reason: "logout", ReasonText: reasons["logout"]}},
		{"webmail user, unknown key, spacing",
			"  [2024-01-02 03:04:05 +0100]\tinfo [cpsrvd]  2001:db8::5  NEW  info@bob.example:Zq9:create_webmail_session_for_mail_user  address=2001:db8::5,app=webmaild,flag,extra=  \r",
			Entry{Address: "2001:db8::5", Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600)), Event: EventNew, User: "info@bob.example",
				SessionID: "Zq9:create_webmail_session_for_mail_user", Process: "cpsrvd",
				Fields: map[string]string{"address": "2001:db8::5", "app": "webmaild", "flag": "", "extra": ""}}},
		{"unknown reason is kept",
			"[2024-06-10 06:13:25 -0500] info [cpsrvd] 1.2.3.4 PURGE bob:x tfa_reset",
			Entry{Address: "1.2.3.4", Time: time.Date(2024, 6, 10, 6, 13, 25, 0, cdt), Event: EventPurge, User: "bob", SessionID: "x", Process: "cpsrvd",
				Reason: "tfa_reset", ReasonText: `cPanel removed the session for the reason "tfa_reset", which panelkey does not know.`}},
		{"no reason",
			"[2024-06-10 06:13:25 -0500] info 1.2.3.4 PURGE bob:x",
			Entry{Address: "1.2.3.4", Time: time.Date(2024, 6, 10, 6, 13, 25, 0, cdt), Event: EventPurge, User: "bob", SessionID: "x",
				ReasonText: reasons["unknown"]}},
		{"NEW without origin", "[2024-06-10 06:13:25 -0500] info [cpsrvd] 1.2.3.4 NEW bob:",
			Entry{Address: "1.2.3.4", Time: time.Date(2024, 6, 10, 6, 13, 25, 0, cdt), Event: EventNew, User: "bob", Process: "cpsrvd", Fields: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLine(tt.line)
			require.NoError(t, err)
			assert.True(t, tt.want.Time.Equal(got.Time), "time %v, want %v", got.Time, tt.want.Time)
			_, wantOff := tt.want.Time.Zone()
			_, gotOff := got.Time.Zone()
			assert.Equal(t, wantOff, gotOff)
			got.Time, tt.want.Time = time.Time{}, time.Time{}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseLineErrors(t *testing.T) {
	tests := []struct {
		line, code, msg string
	}{
		{"   ", CodeEmpty, "empty"},
		{"[2024-06-10 06:13:25 -0500 info x", CodeFormat, "closing ]"},
		{"[2024-13-10 06:13:25 -0500] info [cpsrvd] 1.2.3.4 NEW bob:x", CodeTime, "YYYY-MM-DD"},
		{"[yesterday] info 1.2.3.4 NEW bob:x", CodeTime, `"yesterday"`},
		{"[2024-06-10 06:13:25 -0500] info [cpsrvd]", CodeFormat, "no client address"},
		{"1.2.3.4 NEW bob:x", CodeFormat, "at the start"},
		{"1.2.3.4 [2024-06-10] NEW bob:x", CodeTime, "DD/MM/YYYY"},
		{"1.2.3.4 [31/02/2024:00:00:00 -0000] NEW bob:x", CodeTime, "not a valid date"},
		{"1.2.3.4 [13/13/2024:00:00:00 -0000] NEW bob:x", CodeTime, "not a valid date"},
		{"1.2.3.4 [01/01/2024:24:00:00 -0000] NEW bob:x", CodeTime, "not a valid date"},
		{"1.2.3.4 [01/01/2024:00:00:00 -0099] NEW bob:x", CodeTime, "not a valid date"},
		{"1.2.3.4 [01/01/2024:00:00:00 -0000] DELETE bob:x", CodeEvent, `"DELETE"`},
		{"[2024-06-10 06:13:25 -0500] info [cpsrvd] 1.2.3.4 new bob:x", CodeEvent, `"new"`},
		{"1.2.3.4 [01/01/2024:00:00:00 -0000] NEW bob", CodeSession, `"bob"`},
		{"1.2.3.4 [01/01/2024:00:00:00 -0000] PURGE :x logout", CodeSession, `":x"`},
		{"1.2.3.4 [01/01/2024:00:00:00 -0000] NEW", CodeSession, `""`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := ParseLine(tt.line)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.code, e.Code)
			assert.Contains(t, e.Error(), tt.msg)
			assert.Zero(t, e.Line)
		})
	}
}

func TestParse(t *testing.T) {
	text := strings.Join([]string{
		"[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:R1:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=1",
		"",
		"[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:R1:create_user_session loginsucess",
		"garbage",
		"[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 NEW bob:R2 address=203.0.113.9,app=cpaneld,creator=root,method=handle_form_login,path=form,possessed=1\r",
	}, "\n")
	entries, errs := Parse(text)
	require.Len(t, entries, 3)
	assert.Equal(t, []int{1, 3, 5}, []int{entries[0].Line, entries[1].Line, entries[2].Line})
	assert.Equal(t, "R2", entries[2].SessionID)
	assert.Equal(t, "form", entries[2].Fields["path"])
	require.Len(t, errs, 1)
	var e *Error
	require.True(t, errors.As(errs[0], &e))
	assert.Equal(t, 4, e.Line)
	assert.Equal(t, CodeFormat, e.Code)
	assert.True(t, strings.HasPrefix(e.Error(), "line 4: "))

	entries, errs = Parse("")
	assert.Empty(t, entries)
	assert.Empty(t, errs)
}

func TestParseCapsErrors(t *testing.T) {
	_, errs := Parse(strings.Repeat("junk\n", MaxErrors+7))
	require.Len(t, errs, MaxErrors+1)
	var e *Error
	require.True(t, errors.As(errs[MaxErrors], &e))
	assert.Equal(t, CodeTooManyLines, e.Code)
	assert.Equal(t, "7 more lines did not parse", e.Message)
}

func TestExplain(t *testing.T) {
	for _, r := range []string{"badpass", "expired", "kill", "loadsession", "loginsuccess", "logout", "xfercpanel", "xferwebmail", "xferwhm"} {
		text := Explain(r)
		assert.NotEmpty(t, text, r)
		assert.NotContains(t, text, "does not know", r)
		assert.Equal(t, text, Explain(strings.ToUpper(r)), "case-insensitive")
	}
	assert.Equal(t, Explain("loginsuccess"), Explain("loginsucess"), "cPanel's documented misspelling")
	assert.Contains(t, Explain("loginsuccess"), "works once")
	assert.Equal(t, Explain(""), Explain("unknown"))
	assert.Equal(t, `cPanel removed the session for the reason "weird\n", which panelkey does not know.`, Explain("weird\n"))
}

func TestExplainField(t *testing.T) {
	for _, k := range []string{"address", "app", "creator", "method", "path", "possessed", "APP"} {
		assert.NotEmpty(t, ExplainField(k), k)
	}
	assert.Empty(t, ExplainField("flavour"))
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"`+strings.Repeat("é", 48)+`…"`, quote(strings.Repeat("é", 60)))
}
