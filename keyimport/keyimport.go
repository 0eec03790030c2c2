// Package keyimport turns what a user brings to import authenticators — the
// texts of scanned QR codes, pasted otpauth:// URIs, Google Authenticator's
// export (otpauth-migration://) — into a preview: each key found, marked new
// or already in the vault, and each text that is not a key, said why. The
// user confirms the preview; its selected keys become one AddAuthenticators
// edit.
//
// Nothing here stores anything. Error and problem messages never quote a
// text (an otpauth URI holds its secret).
package keyimport

import (
	"strings"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/otpmigration"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/vault"
)

// Status is how a key found compares with the vault and the rest of the
// import.
type Status string

// Statuses.
const (
	// New: no authenticator has this secret; selected by default.
	New Status = "new"
	// SameName: an authenticator has this issuer and account with another
	// secret (the service may have issued a new one); selected by default.
	SameName Status = "same-name"
	// Duplicate: an authenticator of the same kind has this secret; not
	// selected.
	Duplicate Status = "duplicate"
	// Repeated: an earlier item of this import has this secret (the same QR
	// code scanned twice); not selected.
	Repeated Status = "repeated"
)

// Item is one key found.
type Item struct {
	Key      otpauth.Key
	Source   int    // the text it came from, from 1
	Status   Status // see the constants
	Existing string // Duplicate or SameName: the authenticator's id; Repeated: ""
	Selected bool   // imported when the user confirms, unless unticked
}

// Problem is a text, or an entry of an export, that gives no key.
type Problem struct {
	Source        int    // the text, from 1
	Entry         int    // an export's entry, from 1; 0 for the whole text
	Issuer, Name  string // an export entry's, display-safe; else ""
	Code, Message string
}

// Codes of Problem that are this package's (the others are otpauth's,
// otpmigration's and totp's). A text that is not a key says what it looks
// like instead, so the message can help.
const (
	// CodeNotAKey: the text is neither an otpauth:// URI nor an export, nor any of the below.
	CodeNotAKey = "import-not-a-key"
	// CodeWebLink: the text is an http(s) link.
	CodeWebLink = "import-web-link"
	// CodeOtherLink: the text is a link of another scheme (mailto:, tel:, …).
	CodeOtherLink = "import-other-link"
	// CodeBareSecret: the text is a base32 secret without its otpauth:// URI.
	CodeBareSecret = "import-bare-secret"
	// CodeNothing: no text was given.
	CodeNothing = "import-nothing"
)

// Preview is what an import would add.
type Preview struct {
	Items    []Item
	Problems []Problem
	// Missing lists, for an export read in part, the QR codes still to scan.
	Missing []otpmigration.Gap
}

// Lines splits a paste into its texts: one a line, blank lines dropped.
func Lines(paste string) []string {
	var texts []string
	for _, line := range strings.Split(paste, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			texts = append(texts, line)
		}
	}
	return texts
}

// Build reads texts (QR codes' or pasted lines) against the authenticators
// the vault holds.
func Build(texts []string, existing []vault.Authenticator) Preview {
	p := Preview{Items: []Item{}}
	if len(texts) == 0 {
		p.Problems = append(p.Problems, Problem{Code: CodeNothing, Message: "There is nothing to import."})
		return p
	}
	index := newIndex(existing)
	var batches []otpmigration.Batch
	for i, text := range texts {
		source := i + 1
		var keys []otpauth.Key
		switch {
		case otpmigration.IsExport(text):
			b, err := otpmigration.Parse(text)
			if err != nil {
				p.Problems = append(p.Problems, problem(source, err))
				continue
			}
			batches = append(batches, b)
			keys = b.Keys
			for _, s := range b.Skipped {
				p.Problems = append(p.Problems, Problem{Source: source, Entry: s.Position, Issuer: s.Issuer, Name: s.Name, Code: s.Code, Message: s.Message})
			}
		case isOtpauth(text):
			k, err := otpauth.Parse(text)
			if err != nil {
				p.Problems = append(p.Problems, problem(source, err))
				continue
			}
			keys = []otpauth.Key{k}
		default:
			code, msg := notAKey(text)
			p.Problems = append(p.Problems, Problem{Source: source, Code: code, Message: msg})
			continue
		}
		for _, k := range keys {
			p.Items = append(p.Items, index.item(k, source))
		}
	}
	p.Missing = otpmigration.Missing(batches)
	return p
}

// Selected is the selected items as authenticators to add.
func (p Preview) Selected() []vault.Authenticator {
	var out []vault.Authenticator
	for _, it := range p.Items {
		if it.Selected {
			out = append(out, vault.FromKey(it.Key))
		}
	}
	return out
}

func isOtpauth(text string) bool {
	const scheme = "otpauth:"
	s := strings.TrimSpace(text)
	return len(s) >= len(scheme) && strings.EqualFold(s[:len(scheme)], scheme)
}

// notAKey says what a text that is not a key looks like, without quoting it.
func notAKey(text string) (code, message string) {
	s := strings.ToLower(strings.TrimSpace(text))
	switch {
	case strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"):
		return CodeWebLink, "This is a web link, not an authenticator key (otpauth://…)."
	case strings.Contains(s, "://") || strings.HasPrefix(s, "mailto:") || strings.HasPrefix(s, "tel:"):
		return CodeOtherLink, "This is a link of another kind, not an authenticator key (otpauth://…)."
	}
	// 16 characters at least: cPanel's and most services' secrets (80 bits or more); shorter words are words.
	if n, err := totp.NormalizeSecret(s); err == nil && len(n) >= 16 {
		return CodeBareSecret, "This looks like a bare secret: add it with its name in the form, or scan the service's QR code."
	}
	return CodeNotAKey, "This text is not an authenticator key (otpauth://…) or a Google Authenticator export."
}

func problem(source int, err error) Problem {
	code, msg := errcode.Of(err)
	return Problem{Source: source, Code: code, Message: msg}
}

// index finds the vault's authenticators by secret and by name.
type index struct {
	bySecret map[string]string // kind + normalised secret → id
	byName   map[string]string // lower-cased issuer + account → id
	seen     map[string]bool   // kind + secret of this import's earlier items
}

func newIndex(existing []vault.Authenticator) *index {
	x := &index{bySecret: map[string]string{}, byName: map[string]string{}, seen: map[string]bool{}}
	for _, a := range existing {
		kind := otpauth.TOTP
		if a.IsHOTP() {
			kind = otpauth.HOTP
		}
		if s, err := totp.NormalizeSecret(a.Secret); err == nil {
			if _, ok := x.bySecret[secretKey(kind, s)]; !ok {
				x.bySecret[secretKey(kind, s)] = a.ID
			}
		}
		if _, ok := x.byName[nameKey(a.Issuer, a.Account)]; !ok {
			x.byName[nameKey(a.Issuer, a.Account)] = a.ID
		}
	}
	return x
}

func secretKey(kind otpauth.Type, secret string) string { return string(kind) + ":" + secret }

func nameKey(issuer, account string) string {
	return strings.ToLower(strings.TrimSpace(issuer)) + "\x1f" + strings.ToLower(strings.TrimSpace(account))
}

func (x *index) item(k otpauth.Key, source int) Item {
	it := Item{Key: k, Source: source, Status: New, Selected: true}
	kind := k.Type
	if kind == "" {
		kind = otpauth.TOTP
	}
	sk := secretKey(kind, k.Secret)
	switch id, dup := x.bySecret[sk]; {
	case dup:
		it.Status, it.Existing, it.Selected = Duplicate, id, false
	case x.seen[sk]:
		it.Status, it.Selected = Repeated, false
	default:
		if id, ok := x.byName[nameKey(k.Issuer, k.Account)]; ok && (k.Issuer != "" || k.Account != "") {
			it.Status, it.Existing = SameName, id
		}
	}
	x.seen[sk] = true
	return it
}
