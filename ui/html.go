package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/panelkey/panelkey/locale"
)

// Escape makes s safe as HTML text and as a double- or single-quoted
// attribute value. Every string that comes from the vault or a server goes
// through it before it reaches innerHTML.
func Escape(s string) string {
	if !strings.ContainsAny(s, "&<>\"'\x00") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	escapeTo(&b, s)
	return b.String()
}

func escapeTo(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&#34;"
		case '\'':
			rep = "&#39;"
		case 0:
			rep = "\uFFFD"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// CodeView is what a row shows of its current TOTP code.
type CodeView struct {
	Code        string // the digits; "" when Err is set
	SecondsLeft int
	Period      int
	Err         string // why no code (e.g. an invalid secret): the engine's message
	ErrCode     string // its code, by which the list words it (ProblemText)
	// Offset is the server clock the code was computed at, minus this
	// computer's (zero for a standalone authenticator): see ClockMarker.
	Offset time.Duration
}

// List is the popup list to render: rows[Hits[i]] in that order, the row at
// Hits[Selected] highlighted, Codes[i] (when present) the code of that hit.
// Every word comes from C.
type List struct {
	C        *locale.Catalog
	Rows     []Row
	Hits     []int
	Total    int // matches in all; more than len(Hits) adds a "refine" note
	Selected int
	Codes    map[int]CodeView // by position in Hits
	// HOTP holds the counter-based codes shown, by row id: a HOTP row shows
	// its code only once asked (see Row.HOTP), and keeps it until the popup
	// closes or the next one is asked for.
	HOTP map[string]string
}

// HTML renders the list as one string for a single innerHTML assignment,
// the <li> elements of the popup's <ul id="list">. Element ids and classes
// are what the e2e tests select: .row[data-id], .row .code[data-entry-id],
// .row button[data-service], .row button.hotp-next[data-hotp-id]. The rows are
// list items, not options: they hold buttons. The highlighted one has
// aria-current; the popup announces it (see its #row-status).
func (l List) HTML() string {
	var b strings.Builder
	b.Grow(len(l.Hits) * 400)
	for i, h := range l.Hits {
		r := &l.Rows[h]
		b.WriteString(`<li class="row row-`)
		b.WriteString(string(r.Kind))
		if i == l.Selected {
			b.WriteString(` selected" aria-current="true`)
		}
		b.WriteString(`" data-index="`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`" data-kind="`)
		b.WriteString(string(r.Kind))
		b.WriteString(`" data-id="`)
		escapeTo(&b, r.ID)
		if r.Pinned {
			b.WriteString(`" data-pinned="true`)
		}
		b.WriteString(`"><div class="who"><div class="title">`)
		if r.Pinned {
			b.WriteString(`<span class="pin" title="`)
			escapeTo(&b, l.C.T("rowPinned"))
			b.WriteString(`"><span class="sr-only">`)
			escapeTo(&b, l.C.T("rowPinned"))
			b.WriteString(`</span></span>`)
		}
		escapeTo(&b, r.Title)
		b.WriteString(`</div><div class="detail">`)
		escapeTo(&b, l.Detail(r))
		b.WriteString(`</div></div>`)
		switch {
		case r.HOTP:
			l.writeHOTP(&b, r)
		case r.OTP != nil:
			l.writeCode(&b, r, l.Codes[i])
		}
		if len(r.Buttons) > 0 {
			b.WriteString(`<div class="actions">`)
			if fav, ok := r.FavouriteItem(); ok {
				fav.Title = "★ " + fav.Title
				writeLoginButton(&b, fav, "fav")
			}
			for _, bt := range r.Buttons {
				b.WriteString(`<button type="button" data-service="`)
				b.WriteString(bt.Service)
				if bt.Method == "" {
					b.WriteString(`" disabled title="`)
					escapeTo(&b, l.C.T("loginDisabledTitle", l.C.T(bt.Why)))
				} else {
					b.WriteString(`" data-method="`)
					b.WriteString(bt.Method)
				}
				b.WriteString(`">`)
				b.WriteString(bt.Label)
				b.WriteString(`</button>`)
			}
			writeMenu(&b, r, l.C)
			b.WriteString(`</div>`)
		}
		b.WriteString(`</li>`)
	}
	if more := l.Total - len(l.Hits); more > 0 {
		b.WriteString(`<li class="more">`)
		escapeTo(&b, l.C.T("popupMore", strconv.Itoa(more)))
		b.WriteString(`</li>`)
	}
	if l.Total == 0 {
		b.WriteString(`<li class="empty">`)
		escapeTo(&b, l.C.T("popupNothingMatches"))
		b.WriteString(`</li>`)
	}
	return b.String()
}

// Detail is the line under a row's title: its data and what the kind and
// state of the row add ("mailbox · …", "… · suspended").
func (l List) Detail(r *Row) string {
	parts := []string{}
	switch r.Kind {
	case KindMailbox:
		parts = append(parts, l.C.T("rowMailbox"))
	case KindAuthenticator:
		if r.Detail == "" {
			parts = append(parts, l.C.T("rowAuthenticator"))
		}
	}
	if r.Detail != "" {
		parts = append(parts, r.Detail)
	}
	if r.HOTP {
		parts = append(parts, l.C.T("rowCounter", strconv.FormatInt(r.Counter, 10)))
	}
	if r.Suspended {
		parts = append(parts, l.C.T("rowSuspended"))
	}
	if r.Missing {
		parts = append(parts, l.C.T("rowMissing"))
	}
	return strings.Join(parts, " · ")
}

func (l List) writeCode(b *strings.Builder, r *Row, c CodeView) {
	b.WriteString(`<div class="otp"><button type="button" class="code" data-entry-id="`)
	escapeTo(b, r.ID)
	if c.Err != "" {
		why := ProblemText(l.C, c.ErrCode, c.Err)
		b.WriteString(`" disabled title="`)
		escapeTo(b, why)
		b.WriteString(`" aria-label="`)
		escapeTo(b, why)
		b.WriteString(`">`)
	} else {
		b.WriteString(`" title="`)
		escapeTo(b, l.C.T("popupCopyCode"))
		b.WriteString(`">`)
		b.WriteString(c.Code)
	}
	b.WriteString(`</button><span class="ring" aria-hidden="true" style="--f:`)
	b.WriteString(Fraction(c.SecondsLeft, c.Period))
	b.WriteString(`"><span class="left">`)
	if c.Err == "" && c.SecondsLeft > 0 {
		b.WriteString(strconv.Itoa(c.SecondsLeft))
	}
	b.WriteString(`</span></span>`)
	if m := ClockMarker(c.Offset); m != "" && c.Err == "" {
		b.WriteString(`<span class="clock" title="`)
		escapeTo(b, l.C.T("clockMarkerTitle", m))
		b.WriteString(`">`)
		b.WriteString(m)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</div>`)
}

// writeHOTP renders a counter-based row: its code once shown, and the button
// that shows the next one.
func (l List) writeHOTP(b *strings.Builder, r *Row) {
	b.WriteString(`<div class="otp">`)
	if code, ok := l.HOTP[r.ID]; ok {
		b.WriteString(`<button type="button" class="code" data-entry-id="`)
		escapeTo(b, r.ID)
		b.WriteString(`" title="`)
		escapeTo(b, l.C.T("popupCopyCode"))
		b.WriteString(`">`)
		escapeTo(b, code)
		b.WriteString(`</button>`)
	}
	b.WriteString(`<button type="button" class="small hotp-next" data-hotp-id="`)
	escapeTo(b, r.ID)
	b.WriteString(`">`)
	if _, ok := l.HOTP[r.ID]; ok {
		escapeTo(b, l.C.T("popupHOTPNext"))
	} else {
		escapeTo(b, l.C.T("popupHOTPShow"))
	}
	b.WriteString(`</button></div>`)
}

// Fraction is left/period as a CSS number with two decimals ("0.40"), 0 when
// period is not positive.
func Fraction(left, period int) string {
	if period <= 0 || left <= 0 {
		return "0"
	}
	if left >= period {
		return "1"
	}
	h := left * 100 / period
	return "0." + strconv.Itoa(h/10) + strconv.Itoa(h%10)
}
