// Package sessionlog reads cPanel's session log (/usr/local/cpanel/logs/session_log), where cpsrvd records every
// session it creates (NEW) and removes (PURGE), and explains the entries in plain language.
//
// cPanel writes the entries through Cpanel::Logger (Cpanel/Session.pm, Cpanel/Session/SinglePurge.pm):
//
//	[2024-06-10 06:13:20 -0500] info [cpsrvd] 203.0.113.9 NEW bob:x7rGd9PLkWqz3YFb:create_user_session address=203.0.113.9,app=cpaneld,creator=root,method=create_user_session,path=json-api,possessed=0
//	[2024-06-10 06:13:25 -0500] info [cpsrvd] 203.0.113.9 PURGE bob:x7rGd9PLkWqz3YFb:create_user_session loginsuccess
//	[2024-06-10 06:14:00 -0500] info [cpsrvd] internal FAILEDPURGE bob:abc expired [could not remove temp user]
//
// The form "IP [DD/MM/YYYY:HH:MM:SS -0000] NEW user:id key=value,…" is accepted too (see ParseLine for the date
// order). The session id is logged without its secret ",HEX" part.
package sessionlog

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Events.
const (
	EventNew         = "NEW"         // a session was created
	EventPurge       = "PURGE"       // a session was removed
	EventFailedPurge = "FAILEDPURGE" // a session was removed but cleaning up after it (its temporary user) failed
)

// Entry is one session log line. Fields holds a NEW entry's origin (address, app, creator, method, path,
// possessed, and any other key); Reason and ReasonText a PURGE's reason and its explanation. Process is the
// logging process cPanel names in brackets ("cpsrvd", "xml-api", …) when the line has it; Detail is the
// bracketed failure text of a FAILEDPURGE.
type Entry struct {
	Line       int
	Address    string
	Time       time.Time
	Event      string
	User       string
	SessionID  string
	Fields     map[string]string
	Reason     string
	ReasonText string
	Process    string
	Detail     string
}

// Error codes.
const (
	CodeEmpty        = "log-empty"           // a blank line (ParseLine only; Parse skips them)
	CodeFormat       = "log-format"          // neither of the two line forms
	CodeTime         = "log-time"            // the time stamp does not parse
	CodeEvent        = "log-event"           // not NEW, PURGE or FAILEDPURGE
	CodeSession      = "log-session"         // no user:id session name
	CodeTooManyLines = "log-too-many-errors" // Parse stopped listing errors
)

// Error is the error type of this package: a stable Code, a readable Message and the 1-based Line (0 from
// ParseLine).
type Error struct {
	Code    string
	Message string
	Line    int
}

// Error returns the message, prefixed with the line number when known.
func (e *Error) Error() string {
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return e.Message
}

// ErrorCode and UserMessage make Error an errcode.Coded.
func (e *Error) ErrorCode() string   { return e.Code }
func (e *Error) UserMessage() string { return e.Message }

// MaxErrors is how many line errors Parse reports before it summarises the rest in one CodeTooManyLines error.
const MaxErrors = 100

// ParseLine parses one session log line.
//
// Two forms are accepted: cPanel's logger form "[YYYY-MM-DD HH:MM:SS ±ZZZZ] LEVEL [PROCESS] [PID] ADDRESS EVENT
// USER:ID REST" (the PID part is optional), and "ADDRESS [DD/MM/YYYY:HH:MM:SS ±ZZZZ] EVENT USER:ID REST". In
// the second form the date is read day first; when the second number is above 12 it is read month first
// (cPanel's access_log order, MM/DD/YYYY). REST is the origin key=value list of a NEW entry, or the reason (and an
// optional [detail]) of a PURGE. Unknown keys and reasons are kept, not refused.
func ParseLine(s string) (Entry, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Entry{}, &Error{Code: CodeEmpty, Message: "the line is empty"}
	}
	var e Entry
	var rest string
	var err error
	if strings.HasPrefix(s, "[") {
		rest, err = loggerPrefix(s, &e)
	} else {
		rest, err = accessPrefix(s, &e)
	}
	if err != nil {
		return Entry{}, err
	}
	e.Event, rest = cut(rest)
	switch e.Event {
	case EventNew, EventPurge, EventFailedPurge:
	default:
		return Entry{}, &Error{Code: CodeEvent, Message: "expected NEW, PURGE or FAILEDPURGE, found " + quote(e.Event)}
	}
	var session string
	session, rest = cut(rest)
	user, id, ok := strings.Cut(session, ":")
	if !ok || user == "" {
		return Entry{}, &Error{Code: CodeSession, Message: "expected a session name user:id, found " + quote(session)}
	}
	e.User, e.SessionID = user, id
	if e.Event == EventNew {
		e.Fields = parseOrigin(rest)
		return e, nil
	}
	e.Reason, rest = cut(rest)
	if strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]") {
		e.Detail = rest[1 : len(rest)-1]
	} else if rest != "" {
		e.Detail = rest
	}
	e.ReasonText = Explain(e.Reason)
	return e, nil
}

// loggerPrefix reads "[time] LEVEL [PROCESS] [PID] ADDRESS ".
func loggerPrefix(s string, e *Entry) (string, error) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", &Error{Code: CodeFormat, Message: "the time stamp lacks its closing ]"}
	}
	t, err := time.Parse("2006-01-02 15:04:05 -0700", s[1:end])
	if err != nil {
		return "", &Error{Code: CodeTime, Message: "time stamp " + quote(s[1:end]) + " is not YYYY-MM-DD HH:MM:SS ±ZZZZ"}
	}
	e.Time = t
	_, rest := cut(s[end+1:]) // the level ("info")
	if p, r, ok := bracketed(rest); ok {
		e.Process, rest = p, r
		if pid, r, ok := bracketed(rest); ok && allDigits(pid) {
			rest = r
		}
	}
	e.Address, rest = cut(rest)
	if e.Address == "" {
		return "", &Error{Code: CodeFormat, Message: "the line has no client address"}
	}
	return rest, nil
}

// accessTime splits "DD/MM/YYYY:HH:MM:SS ±ZZZZ" as the regular expression
// ^(\d{2})/(\d{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$ would (the whole text, then the nine
// fields), or returns nil. Written out because regexp alone added about 0.5 MB to panelkey.wasm.
func accessTime(ts string) []string {
	const layout = "00/00/0000:00:00:00 +0000"
	if len(ts) != len(layout) {
		return nil
	}
	for i := 0; i < len(layout); i++ {
		c := ts[i]
		switch layout[i] {
		case '0':
			if c < '0' || c > '9' {
				return nil
			}
		case '+':
			if c != '+' && c != '-' {
				return nil
			}
		default:
			if c != layout[i] {
				return nil
			}
		}
	}
	return []string{ts, ts[0:2], ts[3:5], ts[6:10], ts[11:13], ts[14:16], ts[17:19], ts[20:21], ts[21:23], ts[23:25]}
}

// accessPrefix reads "ADDRESS [DD/MM/YYYY:HH:MM:SS ±ZZZZ] ".
func accessPrefix(s string, e *Entry) (string, error) {
	addr, rest := cut(s)
	ts, rest, ok := bracketed(rest)
	if !ok {
		return "", &Error{Code: CodeFormat, Message: "expected ADDRESS [DD/MM/YYYY:HH:MM:SS ±ZZZZ] or [YYYY-MM-DD HH:MM:SS ±ZZZZ] at the start"}
	}
	m := accessTime(ts)
	if m == nil {
		return "", &Error{Code: CodeTime, Message: "time stamp " + quote(ts) + " is not DD/MM/YYYY:HH:MM:SS ±ZZZZ"}
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	day, month := n[1], n[2]
	if month > 12 && day <= 12 {
		day, month = month, day
	}
	offset := (n[8]*60 + n[9]) * 60
	if m[7] == "-" {
		offset = -offset
	}
	t := time.Date(n[3], time.Month(month), day, n[4], n[5], n[6], 0, time.FixedZone("", offset))
	if t.Day() != day || int(t.Month()) != month || t.Hour() != n[4] || t.Minute() != n[5] || t.Second() != n[6] || n[8] > 14 || n[9] > 59 {
		return "", &Error{Code: CodeTime, Message: "time stamp " + quote(ts) + " is not a valid date and time"}
	}
	e.Address, e.Time = addr, t
	return rest, nil
}

// parseOrigin splits "k=v,k=v" (cPanel strips "=", "," and line breaks from the values).
func parseOrigin(s string) map[string]string {
	fields := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		fields[k] = v
	}
	return fields
}

// Parse parses a whole log (any line endings). Blank lines are skipped; lines that do not parse give an
// *Error with their line number, up to MaxErrors, then one CodeTooManyLines error counting the rest.
func Parse(text string) ([]Entry, []error) {
	var entries []Entry
	var errs []error
	more := 0
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		e, err := ParseLine(line)
		if err != nil {
			if len(errs) < MaxErrors {
				pe := &Error{Code: CodeFormat, Message: err.Error()}
				errors.As(err, &pe)
				pe.Line = i + 1
				errs = append(errs, pe)
			} else {
				more++
			}
			continue
		}
		e.Line = i + 1
		entries = append(entries, e)
	}
	if more > 0 {
		errs = append(errs, &Error{Code: CodeTooManyLines, Message: strconv.Itoa(more) + " more lines did not parse"})
	}
	return entries, errs
}

// cut returns the first space-separated word of s and the rest, both trimmed.
func cut(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// bracketed reads "[x] rest" from the start of s.
func bracketed(s string) (inner, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(s, "[") {
		return "", s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", s, false
	}
	return s[1:end], strings.TrimLeft(s[end+1:], " \t"), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// quote returns s Go-quoted, shortened to 48 runes.
func quote(s string) string {
	r := []rune(s)
	if len(r) > 48 {
		s = string(r[:48]) + "…"
	}
	return strconv.Quote(s)
}
