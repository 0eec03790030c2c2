// Package refresh runs "refresh all": WHM's account list fetched from every
// server, a few at a time, with progress, a reason for each failure, retry and
// cancel.
//
// Run is the schedule, not the I/O: the extension's worker asks it which
// servers to start (Start), sends each one's listaccts call, and reports each
// outcome (Finish); the pages show Progress. A Run encodes to JSON, so the
// worker keeps it in storage.session and picks it up again when the browser
// wakes it (Resume): a refresh goes on when the popup closes, and one server
// failing or hanging never holds up the others.
//
// The call is WHM API 1 listaccts (§6), which serves root and resellers alike
// (a reseller sees its own accounts): the reseller equivalent is the same
// call with the reseller's credential.
package refresh

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
)

// Fields are the listaccts fields a refresh keeps (what a merge stores):
// asking for these alone (want=…) makes a server of 1,000 accounts answer
// about 75 KB instead of about 900 KB (the emulator's listaccts).
var Fields = []string{"user", "domain", "owner", "suspended"}

// Call is the listaccts call of a refresh.
func Call() cpapi.Call {
	want := ""
	for i, f := range Fields {
		if i > 0 {
			want += ","
		}
		want += f
	}
	return cpapi.Call{Family: cpapi.WHMAPI1, Function: "listaccts", Args: []cpapi.Arg{{Key: "want", Value: want}}}
}

// Concurrency bounds.
const (
	DefaultLimit = 6  // a browser's connections per host; each server is its own host
	MaxLimit     = 16 // more only queues in the browser
)

// Status is where one server stands.
type Status string

// The statuses of a server in a run.
const (
	Queued    Status = "queued"
	Running   Status = "running"
	Done      Status = "done"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
)

// Target is a server to refresh.
type Target struct {
	ID   string `json:"id"`   // the vault's server id
	Name string `json:"name"` // what progress shows: the label or host
}

// Entry is one server's part of a run.
type Entry struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  Status `json:"status"`
	Count   int    `json:"count,omitempty"`   // accounts listed (Done)
	Code    string `json:"code,omitempty"`    // why it failed (Failed): errcode's code
	Message string `json:"message,omitempty"` // and in words
	// Params are the message's variable parts (a host, a port), for the pages' catalog (errcode.Params).
	Params   []string `json:"params,omitempty"`
	Attempts int      `json:"attempts,omitempty"` // times started
	// Started is when it was last started (ms since the epoch).
	Started int64 `json:"started,omitempty"`
}

// Run is a refresh of many servers.
type Run struct {
	Limit   int     `json:"limit"`
	Entries []Entry `json:"entries"`
	// Began and Ended are ms since the epoch; Ended is 0 while anything is
	// queued or running.
	Began int64 `json:"began"`
	Ended int64 `json:"ended,omitempty"`
}

// New plans a run of targets, limit at a time (0: DefaultLimit; at most
// MaxLimit). A target repeated is refreshed once.
func New(targets []Target, limit int, now time.Time) *Run {
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	r := &Run{Limit: limit, Began: now.UnixMilli()}
	seen := map[string]bool{}
	for _, t := range targets {
		if !seen[t.ID] {
			seen[t.ID] = true
			r.Entries = append(r.Entries, Entry{ID: t.ID, Name: t.Name, Status: Queued})
		}
	}
	r.settle(now)
	return r
}

// Start marks as many queued servers running as the limit allows and
// returns them, in order: the worker sends their calls now.
func (r *Run) Start(now time.Time) []Entry {
	running := r.count(Running)
	var started []Entry
	for i := range r.Entries {
		if running >= r.Limit {
			break
		}
		e := &r.Entries[i]
		if e.Status == Queued {
			e.Status, e.Started = Running, now.UnixMilli()
			e.Attempts++
			running++
			started = append(started, *e)
		}
	}
	return started
}

// Finish records a running server's outcome: the accounts listed, or err
// (its errcode code and message are kept). It reports false when the server
// is not running (cancelled meanwhile, or unknown): the worker then drops
// the answer and writes nothing.
func (r *Run) Finish(id string, count int, err error, now time.Time) bool {
	e := r.entry(id)
	if e == nil || e.Status != Running {
		return false
	}
	if err != nil {
		e.Status = Failed
		e.Code, e.Message = errcode.Of(err)
		e.Params = errcode.Params(err)
	} else {
		e.Status, e.Count, e.Code, e.Message, e.Params = Done, count, "", "", nil
	}
	r.settle(now)
	return true
}

// Cancel stops the run: nothing queued starts, and the answers of servers
// still running are dropped (Finish reports false for them).
func (r *Run) Cancel(now time.Time) {
	for i := range r.Entries {
		if e := &r.Entries[i]; e.Status == Queued || e.Status == Running {
			e.Status = Cancelled
		}
	}
	r.settle(now)
}

// Retry queues the given servers again when they failed or were
// cancelled; with no ids, every such server. It returns how many it queued.
func (r *Run) Retry(ids ...string) int {
	n := 0
	for i := range r.Entries {
		e := &r.Entries[i]
		if (e.Status == Failed || e.Status == Cancelled) && (len(ids) == 0 || slices.Contains(ids, e.ID)) {
			e.Status, e.Code, e.Message = Queued, "", ""
			n++
		}
	}
	if n > 0 {
		r.Ended = 0
	}
	return n
}

// Resume is for a worker that starts again with a run it had stored: the
// calls it had under way died with it, so those servers are queued again.
func (r *Run) Resume() {
	for i := range r.Entries {
		if e := &r.Entries[i]; e.Status == Running {
			e.Status = Queued
		}
	}
	if r.count(Queued) > 0 {
		r.Ended = 0
	}
}

// Progress is what the pages show.
type Progress struct {
	Total     int     `json:"total"`
	Finished  int     `json:"finished"` // done + failed + cancelled: the n of "n of m"
	Done      int     `json:"done"`
	Failed    int     `json:"failed"`
	Cancelled int     `json:"cancelled"`
	Running   int     `json:"running"`
	Queued    int     `json:"queued"`
	Accounts  int     `json:"accounts"` // accounts listed by the servers done
	Current   []Entry `json:"current"`  // the servers running now
	Failures  []Entry `json:"failures"` // each with its reason, for a retry
	Over      bool    `json:"over"`     // nothing queued or running
}

// Progress sums the run up.
func (r *Run) Progress() Progress {
	p := Progress{Total: len(r.Entries), Current: []Entry{}, Failures: []Entry{}}
	for _, e := range r.Entries {
		switch e.Status {
		case Done:
			p.Done++
			p.Accounts += e.Count
		case Failed:
			p.Failed++
			p.Failures = append(p.Failures, e)
		case Cancelled:
			p.Cancelled++
		case Running:
			p.Running++
			p.Current = append(p.Current, e)
		case Queued:
			p.Queued++
		}
	}
	p.Finished = p.Done + p.Failed + p.Cancelled
	p.Over = p.Running == 0 && p.Queued == 0
	return p
}

// Encode writes the run for storage.session.
func (r *Run) Encode() []byte {
	b, _ := json.Marshal(r) // strings and numbers always encode
	return b
}

// Decode reads a run Encode wrote; a damaged one is an *errcode.Error.
func Decode(b []byte) (*Run, error) {
	var r Run
	if err := json.Unmarshal(b, &r); err != nil || r.Limit < 1 || r.Limit > MaxLimit {
		return nil, &errcode.Error{Code: "refresh-state-invalid", Message: "The stored refresh could not be read; start it again."}
	}
	seen := map[string]bool{}
	for _, e := range r.Entries {
		switch e.Status {
		case Queued, Running, Done, Failed, Cancelled:
		default:
			return nil, &errcode.Error{Code: "refresh-state-invalid", Message: "The stored refresh could not be read; start it again."}
		}
		if seen[e.ID] {
			return nil, &errcode.Error{Code: "refresh-state-invalid", Message: "The stored refresh could not be read; start it again."}
		}
		seen[e.ID] = true
	}
	return &r, nil
}

func (r *Run) entry(id string) *Entry {
	for i := range r.Entries {
		if r.Entries[i].ID == id {
			return &r.Entries[i]
		}
	}
	return nil
}

func (r *Run) count(s Status) int {
	n := 0
	for _, e := range r.Entries {
		if e.Status == s {
			n++
		}
	}
	return n
}

// settle stamps the end once nothing is queued or running.
func (r *Run) settle(now time.Time) {
	if r.count(Queued) == 0 && r.count(Running) == 0 {
		if r.Ended == 0 {
			r.Ended = now.UnixMilli()
		}
	} else {
		r.Ended = 0
	}
}
