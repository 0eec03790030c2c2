//go:build js && wasm

// Package lockscreen is the lock screen every page shows while the vault is
// locked: the first-run form that creates the vault, or the unlock form. It
// does not hand over to the page once the vault opens: every page already
// follows the lock state through Shell.OnChange.
package lockscreen

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/policy"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// Screen shows the first-run "create vault" form or the unlock form. It
// does not hand over to the page once the vault opens: every page already
// follows the lock state through shell.onChange, and a second refresh would
// read and decrypt the vault twice. Its handlers are active while its form is
// on screen.
type Screen struct {
	p *pagekit.Page
	// older is the password of an unlock refused as vault-rollback, kept
	// until the user chooses to open the older vault anyway (or not).
	older string
}

// New installs the lock screen's form handlers on p (active while its form
// is on screen).
func New(p *pagekit.Page) *Screen {
	l := &Screen{p: p}
	p.On("click", func(_ *dom.BasicEvent, target js.Value) {
		if target.Get("id").String() == "unlock-older" && l.older != "" {
			pw := l.older
			l.older = ""
			l.send(messages.Unlock{Password: pw, AcceptOlder: true})
		}
	})
	p.On("submit", func(ev *dom.BasicEvent, target js.Value) {
		switch target.Get("id").String() {
		case "unlock-form":
			ev.PreventDefault()
			l.unlock()
		case "setup-form":
			ev.PreventDefault()
			l.setup()
		}
	})
	return l
}

// Show renders the form st calls for (templates in web/lockscreen.html).
func (l *Screen) Show(st pagekit.LockState) {
	if !st.Initialized {
		l.p.RenderTemplate("setup-view")
		l.p.Fill("setup-hint", l.p.T("setupHint", strconv.Itoa(policy.MinPasswordLength)))
		l.p.Focus("setup-password")
		return
	}
	l.p.RenderTemplate("unlock-view")
	l.p.Focus("unlock-password")
}

func (l *Screen) unlock() {
	p := l.p
	pw, ok := p.Required("unlock-password", "unlock-error", p.T("lockTypePassword"))
	if !ok {
		return
	}
	l.send(messages.Unlock{Password: pw})
}

// send asks the worker to unlock. A vault older than the newest this browser
// saw (vault-rollback: an old copy written back, or the newest generation
// lost) is not opened unless the user then chooses to.
func (l *Screen) send(msg messages.Unlock) {
	p := l.p
	p.SetText("unlock-error", "")
	p.Submit("unlock-submit", func() error {
		_, err := p.Shell.Send(msg)
		return err
	}, func(err error) {
		p.SetText("unlock-error", pagekit.ProblemText(p, err))
		p.SetValue("unlock-password", "")
		p.Focus("unlock-password")
		if je, ok := err.(*jsvalue.Error); ok && je.Code == "vault-rollback" {
			l.older = msg.Password
			p.AppendTemplate("unlock-error", "unlock-older")
		}
	}, nil)
}

func (l *Screen) setup() {
	p := l.p
	pw, ok := p.NewPassword("setup-password", "setup-confirm", "setup-error")
	if !ok {
		return
	}
	p.Submit("setup-submit", func() error {
		_, err := p.Shell.Send(messages.Setup{Password: pw})
		return err
	}, p.ProblemIn("setup-error"), nil)
}
