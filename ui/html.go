package ui

import (
	"strconv"
	"strings"
	"time"
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
	Err         string // why no code (e.g. an invalid secret)
	// Offset is the server clock the code was computed at, minus this
	// computer's (zero for a standalone authenticator): see ClockMarker.
	Offset time.Duration
}

// List is the popup list to render: rows[Hits[i]] in that order, the row at
// Hits[Selected] highlighted, Codes[i] (when present) the code of that hit.
type List struct {
	Rows     []Row
	Hits     []int
	Total    int // matches in all; more than len(Hits) adds a "refine" note
	Selected int
	Codes    map[int]CodeView // by position in Hits
}

// HTML renders the list as one string for a single innerHTML assignment.
// Element ids and classes are what the e2e tests select: .row[data-id],
// .row .code[data-entry-id], .row button[data-service].
func (l List) HTML() string {
	var b strings.Builder
	b.Grow(len(l.Hits) * 400)
	for i, h := range l.Hits {
		r := &l.Rows[h]
		b.WriteString(`<div class="row row-`)
		b.WriteString(string(r.Kind))
		if i == l.Selected {
			b.WriteString(` selected" aria-selected="true`)
		}
		b.WriteString(`" role="option" data-index="`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`" data-kind="`)
		b.WriteString(string(r.Kind))
		b.WriteString(`" data-id="`)
		escapeTo(&b, r.ID)
		b.WriteString(`"><div class="who"><div class="title">`)
		escapeTo(&b, r.Title)
		b.WriteString(`</div><div class="detail">`)
		escapeTo(&b, r.Detail)
		b.WriteString(`</div></div>`)
		if r.OTP != nil {
			writeCode(&b, r, l.Codes[i])
		}
		if len(r.Buttons) > 0 {
			b.WriteString(`<div class="actions">`)
			for _, bt := range r.Buttons {
				b.WriteString(`<button type="button" data-service="`)
				b.WriteString(bt.Service)
				if bt.Method == "" {
					b.WriteString(`" disabled title="`)
					escapeTo(&b, "To log in here, "+bt.Why+" (Manage servers).")
				} else {
					b.WriteString(`" data-method="`)
					b.WriteString(bt.Method)
				}
				b.WriteString(`">`)
				b.WriteString(bt.Label)
				b.WriteString(`</button>`)
			}
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
	}
	if more := l.Total - len(l.Hits); more > 0 {
		b.WriteString(`<div class="more">`)
		b.WriteString(strconv.Itoa(more))
		b.WriteString(` more — type to narrow the list</div>`)
	}
	if l.Total == 0 {
		b.WriteString(`<div class="empty">Nothing matches.</div>`)
	}
	return b.String()
}

func writeCode(b *strings.Builder, r *Row, c CodeView) {
	b.WriteString(`<div class="otp"><button type="button" class="code" data-entry-id="`)
	escapeTo(b, r.ID)
	if c.Err != "" {
		b.WriteString(`" disabled title="`)
		escapeTo(b, c.Err)
		b.WriteString(`">`)
	} else {
		b.WriteString(`" title="Copy code">`)
		b.WriteString(c.Code)
	}
	b.WriteString(`</button><span class="ring" style="--f:`)
	b.WriteString(Fraction(c.SecondsLeft, c.Period))
	b.WriteString(`"><span class="left">`)
	if c.Err == "" && c.SecondsLeft > 0 {
		b.WriteString(strconv.Itoa(c.SecondsLeft))
	}
	b.WriteString(`</span></span>`)
	if m := ClockMarker(c.Offset); m != "" && c.Err == "" {
		b.WriteString(`<span class="clock" title="`)
		escapeTo(b, "At the server's clock, "+m+" from this computer's (learnt at a login)")
		b.WriteString(`">`)
		b.WriteString(m)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</div>`)
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

// Count is n and the noun, singular for one: "1 account", "0 accounts", "2 accounts" (for nouns whose plural
// adds an s).
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
