package apiconsole

import "github.com/panelkey/panelkey/vault"

// MaxHistory is how many requests the history keeps (the vault's bound).
const MaxHistory = vault.MaxHistory

// Entry is one sent request in the vault's history as the console shows and
// re-runs it: the form (which names its credentials and holds none of them,
// and whose secret arguments have no value: Form.ForHistory) and what came
// back. The vault stores it as a vault.HistoryEntry (Entry.Stored).
type Entry struct {
	ID     string
	At     int64 // ms since the epoch
	Form   Form
	Status int // HTTP status; 0 when no answer was read (a redirect not followed, a network failure)
	MS     int64
	// Outcome is "ok", or the code of the failure: the response's (cpapi's
	// "access-denied", "tfa-failed", …) or the send's ("unreachable-or-untrusted", …).
	Outcome string
}

// OutcomeOK is the Outcome of a request the server answered with success.
const OutcomeOK = "ok"

// Stored is e as the vault's history.append edit stores it: its form without
// any secret argument's value (ForHistory).
func (e Entry) Stored() vault.HistoryEntry {
	f := e.Form.ForHistory()
	return vault.HistoryEntry{ID: e.ID, At: e.At, Status: e.Status, MS: e.MS, Outcome: e.Outcome, Form: vault.Request{
		ServerID: f.ServerID, AccountID: f.AccountID, Service: f.Service, Family: f.Family, Module: f.Module,
		Function: f.Function, Args: f.Args, Auth: string(f.Auth), Method: f.Method, Withheld: f.Withheld}}
}

// History reads the vault's history, newest first, skipping entries that are
// not console requests (no id or no server), so a damaged or foreign entry
// never hides the others. A secret argument's value an older version stored
// is not shown (ForHistory).
func History(stored []vault.HistoryEntry) []Entry {
	out := make([]Entry, 0, min(len(stored), MaxHistory))
	for _, h := range stored {
		q := h.Form
		if h.ID == "" || q.ServerID == "" {
			continue
		}
		f := Form{ServerID: q.ServerID, AccountID: q.AccountID, Service: q.Service, Family: q.Family, Module: q.Module,
			Function: q.Function, Args: q.Args, Auth: Auth(q.Auth), Method: q.Method, Withheld: q.Withheld}
		out = append(out, Entry{ID: h.ID, At: h.At, Form: f.ForHistory(), Status: h.Status, MS: h.MS, Outcome: h.Outcome})
		if len(out) == MaxHistory {
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
