package apiconsole

import (
	"encoding/json"

	"github.com/panelkey/panelkey/ui"
)

// MaxHistory is how many requests the history keeps.
const MaxHistory = 50

// Entry is one sent request in the vault document's history: the form (which
// names its credentials and holds none of them, and whose secret arguments
// have no value: Form.ForHistory) and what came back.
type Entry struct {
	ID     string `json:"id"`
	At     int64  `json:"at"` // ms since the epoch
	Form   Form   `json:"form"`
	Status int    `json:"status"` // HTTP status; 0 when no answer was read (a redirect not followed, a network failure)
	MS     int64  `json:"ms"`
	// Outcome is "ok", or the code of the failure: the response's (cpapi's
	// "access-denied", "tfa-failed", …) or the send's ("unreachable-or-untrusted", …).
	Outcome string `json:"outcome"`
}

// OutcomeOK is the Outcome of a request the server answered with success.
const OutcomeOK = "ok"

// AddHistory puts e first, its form as the history stores it (ForHistory:
// no secret argument's value), and keeps the newest MaxHistory entries. It
// does not change h or e.
func AddHistory(h []Entry, e Entry) []Entry {
	out := make([]Entry, 0, min(len(h)+1, MaxHistory))
	e.Form = e.Form.ForHistory()
	out = append(out, e)
	for _, x := range h {
		if len(out) == MaxHistory {
			break
		}
		out = append(out, x)
	}
	return out
}

// DecodeHistory reads the vault document's history, newest first, skipping
// entries that are not console requests (no id or no server), so a damaged
// or foreign entry never hides the others. A secret argument's value an
// older version stored is dropped (ForHistory), and so gone from the vault at
// the history's next write.
func DecodeHistory(raw []ui.RawJSON) []Entry {
	out := make([]Entry, 0, min(len(raw), MaxHistory))
	for _, r := range raw {
		var e Entry
		if json.Unmarshal([]byte(r), &e) != nil || e.ID == "" || e.Form.ServerID == "" {
			continue
		}
		e.Form = e.Form.ForHistory()
		if out = append(out, e); len(out) == MaxHistory {
			break
		}
	}
	return out
}

// Find returns the entry with that id, or nil.
func Find(h []Entry, id string) *Entry {
	for i := range h {
		if h[i].ID == id {
			return &h[i]
		}
	}
	return nil
}
