//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/panelkey/panelkey/apiconsole"
	"github.com/panelkey/panelkey/authheader"
	"github.com/panelkey/panelkey/cpapi"
	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/snippet"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/pagejson"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

func headers(hs []authheader.Header) []messages.Header {
	out := make([]messages.Header, len(hs))
	for i, h := range hs {
		out[i] = messages.Header{Name: h.Name, Value: h.Value}
	}
	return out
}

// sendForm prepares f at this moment (the 2FA code is computed now, at the
// server's clock), sends it through the worker, shows the answer and records
// it in the history. A 2FA code the server refused for its clock is
// explained, and the clock it showed is used from then on.
func (c *apiConsole) sendForm(f apiconsole.Form) {
	pagekit.Spawn(func() {
		c.loadOffsets() // a login may have learnt the server's clock since the page opened
		if !c.shown {
			return
		}
		offset := c.offset(f.ServerID)
		prep, err := apiconsole.Prepare(c.p.Catalog, f, c.v, c.sessionsFor(f.ServerID), time.Now(), offset)
		if err != nil {
			c.message(pagekit.ProblemText(c.p, err), true)
			return
		}
		if b := prep.Blocked(); b != nil {
			c.message(ui.ProblemText(c.p.Catalog, b.Code, b.Message), true)
			return
		}
		c.sendNo++
		no := c.sendNo
		c.message(c.p.T("consoleSending"), false)
		c.p.SetDisabled("send", true)
		msg := messages.APISend{ServerID: f.ServerID, TimeoutSeconds: c.timeout(), Request: messages.Request{
			Method: prep.Request.Method, URL: prep.Request.URL, Headers: headers(prep.Request.Headers),
			Body: prep.Request.Body, ContentType: prep.Request.ContentType,
		}}
		var reply messages.APISendResult
		err = pagejson.SendInto(c.p.Shell, msg, &reply)
		if !c.shown || no != c.sendNo {
			return // locked, or a newer send took over
		}
		c.p.SetDisabled("send", false)
		// The history stores the form without its secret arguments' values (Entry.Stored).
		entry := apiconsole.Entry{ID: pagekit.NewID("h"), At: time.Now().UnixMilli(), Form: f}
		if err != nil {
			if pagekit.HostPermissionOrigin(err) != "" {
				c.failure(err, func() { c.sendForm(f) })
				return // nothing left panelkey: nothing to record
			}
			c.failure(err, nil)
			code, _ := errcode.Of(err)
			entry.Outcome = code
		} else {
			c.message("", false)
			entry.Status, entry.MS = reply.Status, reply.MS
			var a apiconsole.Answer
			a, entry.Outcome = c.showAnswer(f, prep, reply)
			if drift, text, ok := apiconsole.Drift(c.p.Catalog, f.Auth, a, reply.Headers["date"], time.Now(), offset); ok {
				if c.measured == nil {
					c.measured = map[string]time.Duration{}
				}
				c.measured[f.ServerID] = drift
				c.message(text, true)
				c.update()
				// Kept for the next login and console page too (best effort: this page has it already).
				_, _ = c.p.Shell.Send(messages.ClockLearned{ServerID: f.ServerID, OffsetSeconds: drift.Seconds()})
			}
		}
		c.addHistory(entry)
	})
}

// showAnswer renders the request as sent and the answer, and returns the
// answer as read and the outcome for the history.
func (c *apiConsole) showAnswer(f apiconsole.Form, prep *apiconsole.Prepared, reply messages.APISendResult) (apiconsole.Answer, string) {
	p := c.p
	c.sent = prep
	a := apiconsole.Answer{Status: reply.Status, MS: reply.MS, Body: reply.Body, Redirected: reply.Type == "opaqueredirect"}
	if reply.Truncated {
		a.TruncatedAt = reply.MaxBytes
	}
	outcome := "redirect"
	if !a.Redirected {
		a.Result, a.Err = cpapi.ParseResponse(prep.Family, reply.Status, []byte(reply.Body))
		a.Err = cpapi.ForCredential(a.Err, f.Auth.Sent()) // a refused token is not a wrong password
		outcome = apiconsole.OutcomeOK
		if a.Err != nil {
			outcome, _ = errcode.Of(a.Err)
		}
	}
	p.SetHTML("response-status", apiconsole.StatusHTML(c.p.Catalog, a))
	p.SetHTML("sent-request", apiconsole.RequestHTML(c.p.Catalog, prep.Snippet, c.reveal))
	p.SetHTML("envelope", apiconsole.EnvelopeHTML(c.p.Catalog, a))
	tree, ok := apiconsole.TreeHTML([]byte(reply.Body), apiconsole.MaxTreeNodes)
	if !ok {
		tree = `<p class="hint">The answer is not JSON: see the raw answer.</p>`
	}
	p.SetHTML("tree", tree)
	p.Raw("raw-box").Set("open", !ok)
	p.SetHTML("raw", apiconsole.RawHTML(c.p.Catalog, reply.Body))
	p.SetHTML("response-headers", apiconsole.HeadersHTML(c.p.Catalog, reply.Headers))
	p.Raw("response").Set("hidden", false)
	return a, outcome
}

// timeout is how long the worker waits for this request's answer: the form's number of seconds, 0 (the gate's
// default, netgate.DefaultTimeout) when it is empty or not a number. The gate refuses one outside its bounds.
func (c *apiConsole) timeout() float64 {
	n, err := strconv.ParseFloat(strings.TrimSpace(c.p.Value("timeout")), 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// copySnippet copies the form's request as a snippet in lang (curl, fetch,
// PHP, Perl, Python, Go), secrets masked unless "Show secrets" is on, and
// shows what was copied.
func (c *apiConsole) copySnippet(lang snippet.Language) {
	f := c.readForm()
	prep, err := apiconsole.Prepare(c.p.Catalog, f, c.v, c.sessionsFor(f.ServerID), time.Now(), c.offset(f.ServerID))
	if err != nil {
		c.message(pagekit.ProblemText(c.p, err), true)
		return
	}
	text, err := snippet.Render(lang, prep.Snippet, c.reveal)
	if err != nil {
		c.message(pagekit.ProblemText(c.p, err), true)
		return
	}
	what := c.p.T("consoleSnippet", languageTitle(lang))
	c.p.SetText("snippet", text)
	// The clipboard write starts here, inside the click, which Chrome requires.
	copied := c.p.Shell.V.Call("copy", text)
	pagekit.Spawn(func() {
		if _, err := jsvalue.Await(copied); err != nil {
			c.message(c.p.T("consoleCopyFailed", pagekit.ProblemText(c.p, err), what), true)
			return
		}
		if c.reveal {
			c.message(c.p.T("consoleCopiedShown", what), false)
		} else {
			c.message(c.p.T("consoleCopiedMasked", what), false)
		}
	})
}

// languageTitle names a snippet language as the menu does.
func languageTitle(lang snippet.Language) string {
	for _, l := range snippet.Languages {
		if l.ID == lang {
			return l.Title
		}
	}
	return string(lang)
}

// addHistory records e in the vault's history: the worker appends it to
// the history as the vault holds it then (its form without any secret
// argument's value).
func (c *apiConsole) addHistory(e apiconsole.Entry) {
	c.editHistory(vault.AppendHistory{Entry: e.Stored()})
}

// editHistory sends an edit of the history to the worker's write chain; the
// vault's change that stores it refreshes the page, which shows the history
// as stored.
func (c *apiConsole) editHistory(e vault.Edit) {
	if _, err := c.p.Shell.Edit(e); err != nil {
		c.message(c.p.T("consoleHistoryFailed", pagekit.ProblemText(c.p, err)), true)
	}
}

func (c *apiConsole) renderHistory() {
	c.p.SetHTML("history", apiconsole.HistoryHTML(c.p.Catalog, c.history, c.v, time.Now()))
	c.p.SetDisabled("clear-history", len(c.history) == 0)
}

// historyAction runs a history button: "Run again" sends the entry's form
// (with today's credentials and a fresh 2FA code), "Edit" loads it.
func (c *apiConsole) historyAction(b js.Value) {
	e := apiconsole.Find(c.history, pagekit.Attr(b, "data-id"))
	if e == nil {
		return
	}
	f := e.Form
	if c.v.Server(f.ServerID) == nil {
		c.message(c.p.T("consoleServerGone"), true)
		return
	}
	c.fillForm(f)
	if c.p.Value("server") != f.ServerID {
		return
	}
	if missing := f.Missing(); len(missing) > 0 {
		// A secret argument the history did not keep: nothing leaves until the user types it again.
		c.argRows().Index(missing[0]).Call("querySelector", ".arg-value").Call("focus")
		c.message(c.p.T("consoleTypeAgain", f.Args[missing[0]][0]), false)
		pagekit.Spawn(c.loadSessions)
		return
	}
	if pagekit.Closest(b, ".rerun").IsNull() {
		c.p.Focus("function")
		pagekit.Spawn(c.loadSessions)
		return
	}
	pagekit.Spawn(func() {
		c.loadSessions()
		c.sendForm(f)
	})
}
