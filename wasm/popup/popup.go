//go:build js && wasm

// Command popup is the toolbar popup's controller (popup.wasm): the lock screen, or the
// searchable list of servers, accounts, mailboxes and authenticators with
// one-click logins and live 2FA codes. Rows, search and markup come from ui,
// codes from totp; the worker does the logins.
package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/messages"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
	"github.com/panelkey/panelkey/wasm/jsvalue"
	"github.com/panelkey/panelkey/wasm/lockscreen"
	"github.com/panelkey/panelkey/wasm/pagekit"
)

// popup is the toolbar popup: the lock screen, or the searchable list of
// servers, accounts, mailboxes and authenticators with one-click logins and
// live 2FA codes.
type popup struct {
	p     *pagekit.Page
	lock  *lockscreen.Screen
	shown bool // the list view is on screen

	vault  *vault.Vault // its meta, authenticators and first pages; the rest once the first rows are painted
	gen    int          // the generation read
	clocks ui.Clocks    // the servers' learnt clock offsets: their codes are computed at the server's time
	count  int          // the vault's rows (ui.RowCount)
	rows   []ui.Row     // all of them, or only the first ones until complete builds the rest
	index  *ui.Index
	hits   []int
	total  int
	sel    int

	list  js.Value // #list
	slots []codeSlot
	// scanned holds what the last scan of the tab would add, by the
	// preview's data-import-index, awaiting confirmation.
	scanned []vault.Authenticator
	// hotp holds the counter-based codes shown, by authenticator id, and
	// used the counters they were shown at (a code is shown once: the next
	// one asked for is past it even before the vault's edit comes back).
	hotp  map[string]string
	used  map[string]int64
	bound bool              // slots hold their elements (see bindSlots)
	grant pagekit.HostGrant // the login that failed for want of a host permission, retried once it is granted
}

// codeSlot is one code on screen and the text nodes a tick updates (its
// js.Values are zero until bindSlots).
type codeSlot struct {
	entry            totp.Entry
	code, left, ring js.Value
	shown            string
}

// start runs the popup in p.
func start(p *pagekit.Page) {
	pp := &popup{p: p, hotp: map[string]string{}, used: map[string]int64{}}
	pp.lock = lockscreen.New(p)
	p.On("click", pp.click)
	p.On("input", func(_ *dom.BasicEvent, target js.Value) {
		if target.Get("id").String() == "search" {
			pp.filter(target.Get("value").String())
		}
	})
	pagekit.Listen(p.Doc, "keydown", pp.keydown)
	refresh := pagekit.Serial(pp.refresh) // one run at a time: an older read never paints over a newer one
	p.Shell.OnChange(refresh)
	pagekit.Spawn(pp.tickForever)
	pagekit.Spawn(func() {
		refresh()
		pp.intent(pp.p.Shell.TakeIntent())
		// Opening the popup does not need the worker (the page reads the vault
		// itself), but a click will: wake it now, so its engine loads (~60 ms)
		// while the user reads rather than after the click.
		_, _ = pp.p.Shell.Send(messages.Warm{})
	})
}

// refresh reads the lock state and the vault and shows what they call for,
// keeping the search text and selection when the list is already shown.
func (pp *popup) refresh() {
	// Whatever it shows, the popup takes input from here on (a list page.js
	// painted does not until then).
	defer pagekit.Mark("panelkey:ready")
	// The servers' clocks are read beside the vault (a small storage read,
	// done before the vault's decryption is), so the first codes painted are
	// already at each server's time.
	clocks := make(chan ui.Clocks, 1)
	pagekit.Spawn(func() {
		var c ui.Clocks
		defer func() { clocks <- c }() // unread: codes at this computer's clock, as before any login learnt one
		c, _ = pp.p.Shell.ClockOffsets()
	})
	// The vault first: when it opens, the popup is unlocked and needs no
	// status (one storage read fewer before the codes show). Only what the
	// first rows need is decrypted now (vault.FirstChunks).
	v, gen, err := pp.p.Shell.OpenVault(false)
	// The list page.js may have painted meanwhile from the worker's engine;
	// from here on this program draws.
	early, painted := pagekit.TakeEarlyList()
	if err != nil {
		pp.leaveList()
		pp.p.RenderError(err)
		return
	}
	if v == nil {
		pp.leaveList()
		st, err := pp.p.Shell.Status()
		if err != nil {
			pp.p.RenderError(err)
			return
		}
		pp.lock.Show(st) // setup or unlock (or unlocked a moment ago: the change's refresh follows)
		return
	}
	pagekit.Mark("panelkey:vault")
	pp.vault, pp.gen, pp.count, pp.clocks = v, gen, ui.RowCount(v), <-clocks
	pp.rows, pp.index = nil, nil
	if !pp.shown {
		if !painted {
			pp.p.RenderTemplate("popup-view")
			pp.p.Focus("search")
		}
		pp.list = pp.p.Raw("list")
		pp.shown = true
	}
	query := pp.p.Value("search")
	if v.RowsLoaded() && pp.count <= ui.MaxListed {
		pp.complete()
	} else {
		// A large vault: the rows on screen first; the other chunks are
		// decrypted, and the other rows and the search index built, once
		// those are painted (at 100,000 accounts: 24 MB to decrypt and
		// decode, ~2 µs a row to build).
		pp.rows = ui.FirstRows(v, ui.MaxListed)
		pagekit.Spawn(func() {
			pagekit.AfterPaint()
			pp.loadRest(v)
		})
	}
	if painted {
		// The same list at the same time is the same HTML: then the painted
		// one stays, with no second layout (a search typed meanwhile, or a
		// vault changed since, renders anew).
		pp.hits, pp.total = pp.search(query)
		pp.sel = 0
		pp.renderAt(early.Now, early.HTML)
		return
	}
	pp.filter(query)
	pagekit.Mark("panelkey:codes")
}

// loadRest decrypts and loads what v has not loaded, builds all the rows
// and the search index, and runs the search typed meanwhile.
func (pp *popup) loadRest(v *vault.Vault) {
	if pp.vault != v {
		return
	}
	if err := pp.p.Shell.LoadRest(v, pp.gen); err != nil {
		if pp.vault == v {
			pp.message(pp.p.T("popupPartUnread", pagekit.ProblemText(pp.p, err)), true)
		}
		return // a vault changed meanwhile: its refresh opens it again
	}
	if pp.vault != v {
		return
	}
	pp.complete()
	if query := pp.p.Value("search"); len(ui.Words(query)) > 0 {
		pp.filter(query)
	}
}

// complete builds all of the vault's rows and the search index, if not yet
// and once every row's chunk is loaded.
func (pp *popup) complete() {
	if pp.index != nil || pp.vault == nil || !pp.vault.RowsLoaded() {
		return
	}
	pp.rows = ui.Rows(pp.vault)
	pp.index = ui.RowsIndex(pp.rows)
}

// search returns the rows query matches (at most ui.MaxListed) and how many
// match in all. While only the first rows are built, an empty query lists
// them, and any other searches them (loadRest searches again once the rest
// is there).
func (pp *popup) search(query string) (hits []int, total int) {
	if pp.index == nil && len(ui.Words(query)) == 0 {
		hits = make([]int, len(pp.rows))
		for i := range hits {
			hits[i] = i
		}
		return hits, pp.count
	}
	if pp.index == nil {
		return ui.RowsIndex(pp.rows).Search(query, ui.MaxListed)
	}
	return pp.index.Search(query, ui.MaxListed)
}

func (pp *popup) leaveList() {
	pp.shown = false
	pp.slots = nil
	pp.vault, pp.gen, pp.count = nil, 0, 0
	pp.rows, pp.index, pp.hits = nil, nil, nil
}

// filter runs the search and renders the matching rows in one innerHTML.
func (pp *popup) filter(query string) {
	if !pp.shown {
		return
	}
	pp.hits, pp.total = pp.search(query)
	pp.sel = 0
	pp.render()
}

// render draws the rows of the last search, keeping the highlight.
func (pp *popup) render() { pp.renderAt(time.Now(), "") }

// renderAt is render with the codes at now, leaving the list as it is when it
// already shows that HTML.
func (pp *popup) renderAt(now time.Time, shown string) {
	c := ui.List{C: pp.p.Catalog, Rows: pp.rows, Hits: pp.hits, Total: pp.total, Selected: pp.sel, HOTP: pp.hotp}.WithCodes(pp.clocks, now)
	html := c.List.HTML()
	if len(pp.rows) == 0 {
		html = `<li class="empty">` + ui.Escape(pp.p.T("popupEmpty")) + `</li>`
	}
	if html != shown {
		pp.list.Set("innerHTML", html)
	}
	pp.slots = make([]codeSlot, len(c.Entries))
	for i := range c.Entries {
		pp.slots[i] = codeSlot{entry: c.Entries[i], shown: c.Results[i].Code}
	}
	pp.bound = false
}

// bindSlots finds the elements of the codes last rendered (in list order, as
// the slots). The next tick does it, not the render: it costs four
// crossings a code, ~4 ms for a full list, on the path of the popup's first
// paint and of every search keystroke.
func (pp *popup) bindSlots() {
	els := pp.list.Call("querySelectorAll", ".code[data-entry-id]")
	n := min(els.Length(), len(pp.slots))
	pp.slots = pp.slots[:n]
	for i := range n {
		code := els.Index(i)
		ring := code.Get("nextElementSibling")
		s := &pp.slots[i]
		s.code, s.ring, s.left = code, ring.Get("style"), ring.Get("firstElementChild")
	}
	pp.bound = true
}

// tickForever updates the codes on screen at each second boundary.
func (pp *popup) tickForever() {
	for {
		now := time.Now()
		time.Sleep(now.Truncate(time.Second).Add(time.Second).Sub(now))
		pp.tick(time.Now())
	}
}

// tick touches only the text of codes that changed, the seconds left and the
// ring's fraction.
func (pp *popup) tick(now time.Time) {
	if len(pp.slots) == 0 {
		return
	}
	if !pp.bound {
		pp.bindSlots()
	}
	entries := make([]totp.Entry, len(pp.slots))
	for i := range pp.slots {
		entries[i] = pp.slots[i].entry
	}
	for i, r := range totp.Codes(entries, now) {
		s := &pp.slots[i]
		if r.Err != nil {
			continue
		}
		if r.Code != s.shown {
			s.code.Set("textContent", r.Code)
			s.shown = r.Code
		}
		s.left.Set("textContent", strconv.Itoa(r.SecondsLeft))
		s.ring.Call("setProperty", "--f", ui.Fraction(r.SecondsLeft, r.Period))
	}
}

func (pp *popup) click(_ *dom.BasicEvent, target js.Value) {
	if !pp.shown {
		return
	}
	// A row's controls, by the closest element around the click that matches (the first in this order).
	for _, c := range [...]struct {
		sel string
		do  func(el js.Value)
	}{
		{"button[data-service]", func(b js.Value) {
			pp.choose(pp.rowPos(b))
			pp.login(pp.rowPos(b), pagekit.Attr(b, "data-service"))
		}},
		{"details.row-menu > summary", pp.fillMenu},
		{"button.menu-login", func(b js.Value) { pp.menuLogin(pp.rowPos(b), b) }},
		{"button[data-fav]", func(b js.Value) { pp.toggleFavourite(pp.rowPos(b), pagekit.Attr(b, "data-fav")) }},
		{".code[data-entry-id]", pp.copyCode},
		{"button.hotp-next[data-hotp-id]", func(b js.Value) {
			pp.choose(pp.rowPos(b))
			pp.nextHOTP(pp.rowPos(b))
		}},
	} {
		if el := pagekit.Closest(target, c.sel); !el.IsNull() {
			c.do(el)
			return
		}
	}
	switch target.Get("id").String() {
	case "scan":
		pagekit.Spawn(pp.scan)
		return
	case "scan-import":
		pp.importScanned()
		return
	case "scan-cancel":
		pp.closeScan()
		return
	case "grant-host":
		pp.grant.Grant(pp.p, pagekit.Attr(target, "data-origin"), pp.p.T("hostAccessAgainLogin"), pp.message)
		return
	case "lock":
		pagekit.Spawn(func() {
			if _, err := pp.p.Shell.Send(messages.Lock{}); err != nil {
				pp.showError(err)
			}
		})
		return
	case "open-options":
		pp.p.Shell.OpenPage("options")
		return
	case "open-console":
		pp.p.Shell.OpenPage("console")
		return
	}
	if r := pagekit.Closest(target, ".row"); !r.IsNull() {
		pp.choose(pp.rowPos(r))
	}
}

// rowPos is the position in hits of the row containing el, -1 if none.
func (pp *popup) rowPos(el js.Value) int {
	r := pagekit.Closest(el, ".row")
	if r.IsNull() {
		return -1
	}
	i, err := strconv.Atoi(pagekit.Attr(r, "data-index"))
	if err != nil || i < 0 || i >= len(pp.hits) {
		return -1
	}
	return i
}

func (pp *popup) keydown(ev *dom.BasicEvent) {
	if !pp.shown {
		return
	}
	key := ev.Get("key").String()
	if key == "Escape" && pp.p.Value("search") != "" {
		// Escape clears the search first; with nothing typed it closes the popup, as the browser does.
		ev.PreventDefault()
		pp.p.Raw("search").Set("value", "")
		pp.p.Focus("search")
		pp.filter("")
		return
	}
	if len(pp.hits) == 0 {
		return
	}
	switch key {
	case "c", "C":
		// Ctrl+C (Cmd+C on a Mac) copies the highlighted row's code, unless
		// text is selected: then it copies that text, as everywhere.
		if !ev.Get("ctrlKey").Truthy() && !ev.Get("metaKey").Truthy() || ev.Get("altKey").Truthy() || textSelected(ev.Get("target")) {
			return
		}
		if c := pp.list.Get("children").Index(pp.sel); c.Truthy() {
			if code := c.Call("querySelector", ".code[data-entry-id]"); !code.IsNull() {
				ev.PreventDefault()
				pp.copyCode(code)
			}
		}
	case "ArrowDown":
		ev.PreventDefault()
		pp.choose(min(pp.sel+1, len(pp.hits)-1))
	case "ArrowUp":
		ev.PreventDefault()
		pp.choose(max(pp.sel-1, 0))
	case "Enter":
		// On a button, Enter presses that button; on a menu's summary, it opens the menu.
		if tag := ev.Get("target").Get("tagName").String(); tag == "BUTTON" || tag == "SUMMARY" {
			return
		}
		ev.PreventDefault()
		if b, ok := pp.rows[pp.hits[pp.sel]].DefaultButton(); ok {
			pp.login(pp.sel, b.Service)
		} else if b.Service != "" {
			pp.message(pp.p.T("popupCannotOpen", b.Label, pp.p.T(b.Why)), true)
		}
	}
}

// textSelected reports whether el is a text field with a selection, or the
// page has selected text.
func textSelected(el js.Value) bool {
	if start := el.Get("selectionStart"); start.Type() == js.TypeNumber && start.Int() != el.Get("selectionEnd").Int() {
		return true
	}
	return js.Global().Call("getSelection").Call("toString").String() != ""
}

// choose moves the highlight to position i, touching only the two rows.
func (pp *popup) choose(i int) {
	if i < 0 || i >= len(pp.hits) || !pp.shown {
		return
	}
	children := pp.list.Get("children")
	if old := children.Index(pp.sel); pp.sel != i && old.Truthy() {
		old.Get("classList").Call("remove", "selected")
		old.Call("removeAttribute", "aria-current")
	}
	pp.sel = i
	row := children.Index(i)
	row.Get("classList").Call("add", "selected")
	row.Call("setAttribute", "aria-current", "true")
	row.Call("scrollIntoView", map[string]any{"block": "nearest"})
	// The highlight follows the arrow keys in the search field: say which row it is on.
	r := &pp.rows[pp.hits[i]]
	pp.p.SetText("row-status", pp.p.T("popupRowStatus", r.Title, strconv.Itoa(i+1), strconv.Itoa(len(pp.hits))))
}

// nextHOTP shows the next code of the counter-based authenticator at
// position pos, and records in the vault that it was shown: the counter
// moves past it, so each code is shown once, as the server expects.
func (pp *popup) nextHOTP(pos int) {
	if pos < 0 || pp.vault == nil {
		return
	}
	r := &pp.rows[pp.hits[pos]]
	if !r.HOTP || r.OTP == nil {
		return
	}
	counter := r.Counter
	if used, ok := pp.used[r.ID]; ok && used >= counter {
		counter = used + 1
	}
	code, err := totp.HOTP(r.OTP.Secret, uint64(counter), totp.Options{Algorithm: totp.Algorithm(r.OTP.Algorithm), Digits: r.OTP.Digits})
	if err != nil {
		c, msg := errcode.Of(err)
		pp.message(ui.ProblemText(pp.p.Catalog, c, msg), true)
		return
	}
	pp.hotp[r.ID], pp.used[r.ID] = code, counter
	pp.render()
	id := r.ID
	pagekit.Spawn(func() {
		if _, err := pp.p.Shell.Edit(vault.UseHOTP{ID: id, Counter: counter}); err != nil {
			pp.showError(err)
		}
	})
}

func (pp *popup) login(pos int, service string) {
	if pos < 0 {
		return
	}
	r := &pp.rows[pp.hits[pos]]
	l, ok := r.LoginFor(service)
	if !ok {
		return
	}
	pp.message(pp.p.T("popupOpening", ui.ServiceTitle(service)), false)
	pagekit.Spawn(func() {
		pp.sendLogin(messages.Login{ServerID: l.ServerID, AccountID: l.AccountID, Mailbox: l.Mailbox, Service: l.Service, Method: l.Method})
	})
}

// fillMenu fills a row's "more" menu as it opens (the list carries it empty).
func (pp *popup) fillMenu(summary js.Value) {
	pos := pp.rowPos(summary)
	if pos < 0 {
		return
	}
	pp.choose(pos)
	menu := summary.Get("nextElementSibling")
	if menu.Truthy() && menu.Get("childElementCount").Int() == 0 {
		menu.Set("innerHTML", ui.MenuHTML(&pp.rows[pp.hits[pos]], pp.p.Catalog))
	}
}

// menuLogin logs in as a menu button says: its service, method and page (a
// deep link; WHM's pages as the server's WHM user).
func (pp *popup) menuLogin(pos int, b js.Value) {
	if pos < 0 {
		return
	}
	r := &pp.rows[pp.hits[pos]]
	msg := messages.Login{ServerID: r.ServerID, AccountID: r.AccountID, Mailbox: r.Mailbox,
		Service: pagekit.Attr(b, "data-open-service"), Method: pagekit.Attr(b, "data-open-method"), Dest: pagekit.Attr(b, "data-open-dest")}
	if pagekit.Attr(b, "data-open-whm") != "" {
		msg.AccountID, msg.Mailbox = "", ""
	}
	pp.message(pp.p.T("popupOpening", ui.ServiceTitle(msg.Service)), false)
	pagekit.Spawn(func() { pp.sendLogin(msg) })
}

// toggleFavourite makes dest the account's favourite page, or clears it when
// it is already.
func (pp *popup) toggleFavourite(pos int, dest string) {
	if pos < 0 {
		return
	}
	r := &pp.rows[pp.hits[pos]]
	if r.Kind != ui.KindAccount {
		return
	}
	fav := dest
	if r.Favourite == dest {
		fav = ""
	}
	pagekit.Spawn(func() {
		if _, err := pp.p.Shell.Edit(vault.UpdateAccount{ServerID: r.ServerID, ID: r.AccountID, Favourite: &fav}); err != nil {
			pp.showError(err)
			return
		}
		if fav == "" {
			pp.message(pp.p.T("menuFavouriteCleared"), false)
		} else {
			pp.message(pp.p.T("menuFavouriteDone"), false)
		}
	})
}

// sendLogin asks the worker to sign in (it opens the tab) and shows why
// when it cannot. Call it from a goroutine.
func (pp *popup) sendLogin(msg messages.Login) {
	_, err := pp.p.Shell.Send(msg)
	if err == nil {
		pp.message("", false)
		return
	}
	pp.showFailure(err, func() {
		pp.message(pp.p.T("popupOpening", ""), false)
		pp.sendLogin(msg)
	})
}

// showError shows a failure in #message (showFailure, with nothing to retry).
func (pp *popup) showError(err error) { pp.showFailure(err, nil) }

// showFailure shows a failure in #message: the worker's message, its advice,
// a link to the page it suggests opening (e.g. the server, to inspect an
// untrusted certificate) and, when a host permission is missing, a button
// that asks for it and then runs retry (pagekit.HostGrant).
func (pp *popup) showFailure(err error, retry func()) {
	je, ok := err.(*jsvalue.Error)
	if !ok {
		code, msg := errcode.Of(err)
		je = &jsvalue.Error{Code: code, Message: msg, Params: errcode.Params(err)}
	}
	var b strings.Builder
	b.WriteString(`<p>` + ui.Escape(ui.ProblemText(pp.p.Catalog, je.Code, je.Message, je.Params...)) + `</p>`)
	if a := ui.AdviceText(pp.p.Catalog, je.Code, je.Advice, je.Params...); a != "" {
		b.WriteString(`<p class="advice">` + ui.Escape(a) + `</p>`)
	}
	if u := je.OpenURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		b.WriteString(`<p><a href="` + ui.Escape(u) + `" target="_blank" rel="noopener noreferrer" data-open-url="` + ui.Escape(u) +
			`">` + ui.Escape(pp.p.T("popupOpenInTab", u)) + `</a></p>`)
	}
	if offer := pp.grant.Offer(pp.p, err, retry); offer != "" {
		b.WriteString(`<p>` + offer + `</p>`)
	}
	pp.p.ShowMessage(b.String(), true)
}

func (pp *popup) copyCode(el js.Value) {
	code := el.Get("textContent").String()
	if code == "" {
		return
	}
	pagekit.Spawn(func() {
		if err := pp.p.Shell.Copy(code); err != nil {
			pp.message(pp.p.T("popupCopyFailed", pagekit.ProblemText(pp.p, err)), true)
			return
		}
		cl := el.Get("classList")
		cl.Call("add", "copied")
		pp.message(pp.p.T("popupCopied"), false)
		time.Sleep(1200 * time.Millisecond)
		cl.Call("remove", "copied")
	})
}

// message shows text in #message (as an error when isErr); "" hides it.
func (pp *popup) message(text string, isErr bool) { pp.p.ShowMessage(ui.Escape(text), isErr) }

// intent does what a keyboard shortcut opened the popup for: copy the first
// row's code (pinned authenticators come first), or scan the tab.
func (pp *popup) intent(what string) {
	if !pp.shown {
		return
	}
	switch what {
	case "copy":
		if code := pp.list.Call("querySelector", ".code[data-entry-id]:not([disabled])"); !code.IsNull() {
			pp.copyCode(code)
		}
	case "scan":
		pp.scan()
	}
}

// scan reads the QR codes on the tab the popup was opened on (activeTab: the
// toolbar button or the shortcut grants it) and shows what they would add.
// The decoder is loaded now, not with the popup. Call it from a goroutine.
func (pp *popup) scan() {
	if !pp.shown || pp.vault == nil {
		return
	}
	pp.message(pp.p.T("importScanning"), false)
	shot, err := pp.p.Shell.CaptureTab()
	var html string
	var keys []vault.Authenticator
	if err == nil {
		// Read in the decoder's worker, with the import's parsers and preview: none of them is in popup.wasm.
		html, keys, err = pp.p.Shell.ScanPreview(js.ValueOf(shot), pp.vault.Authenticators)
	}
	if err != nil {
		pp.message(pagekit.ProblemText(pp.p, err), true)
		return
	}
	pp.message("", false)
	pp.scanned = keys
	pp.p.SetHTML("scan-preview", html)
	pp.p.Raw("scan-import").Set("hidden", len(keys) == 0)
	pp.p.Raw("scan-panel").Set("hidden", false)
	if len(keys) > 0 {
		pp.p.Focus("scan-import")
	} else {
		pp.p.Focus("scan-cancel")
	}
}

// importScanned adds the scanned keys left ticked, in one edit.
func (pp *popup) importScanned() {
	keys := pp.scanned
	if keys == nil {
		return
	}
	pp.p.AddTicked("scan-preview", "scan-import", keys, pp.message, pp.showError, pp.closeScan)
}

func (pp *popup) closeScan() {
	pp.scanned = nil
	pp.p.SetHTML("scan-preview", "")
	pp.p.Raw("scan-panel").Set("hidden", true)
	pp.p.Focus("search")
}
