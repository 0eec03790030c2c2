package emulator

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// createdMail holds the mailboxes UAPI Email::add_pop created since the start or the last reset. The fixture's
// mailboxes stay in the directory, which never changes once loaded; the two are read together through
// Server.mailbox and Server.mailboxesOf.
type createdMail struct {
	mu     sync.RWMutex
	byAddr map[string]mailboxRef
	byAcct map[*Account][]*Mailbox
}

func newCreatedMail() *createdMail {
	return &createdMail{byAddr: map[string]mailboxRef{}, byAcct: map[*Account][]*Mailbox{}}
}

func (m *createdMail) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byAddr, m.byAcct = map[string]mailboxRef{}, map[*Account][]*Mailbox{}
}

// mailbox finds a mailbox by address (case-insensitive): the fixture's, else one Email::add_pop created.
func (s *Server) mailbox(email string) (mailboxRef, bool) {
	email = strings.ToLower(email)
	if m, ok := s.dir.mail[email]; ok {
		return m, true
	}
	s.mail.mu.RLock()
	defer s.mail.mu.RUnlock()
	m, ok := s.mail.byAddr[email]
	return m, ok
}

// mailboxesOf lists an account's mailboxes: the fixture's, then those created, in the order they were.
func (s *Server) mailboxesOf(a *Account) []*Mailbox {
	out := make([]*Mailbox, 0, len(a.Mailboxes))
	for i := range a.Mailboxes {
		out = append(out, &a.Mailboxes[i])
	}
	s.mail.mu.RLock()
	defer s.mail.mu.RUnlock()
	return append(out, s.mail.byAcct[a]...)
}

// addMailbox creates a mailbox for a; false when the address is taken.
func (s *Server) addMailbox(a *Account, box *Mailbox) bool {
	s.mail.mu.Lock()
	defer s.mail.mu.Unlock()
	if _, taken := s.dir.mail[box.Email]; taken {
		return false
	}
	if _, taken := s.mail.byAddr[box.Email]; taken {
		return false
	}
	s.mail.byAddr[box.Email] = mailboxRef{acct: a, box: box}
	s.mail.byAcct[a] = append(s.mail.byAcct[a], box)
	return true
}

// localPartRe is what the emulator accepts before the @ of a new mailbox: the characters cPanel's Email
// Accounts page allows (letters, digits and . _ - +, no leading, trailing or doubled dot).
var localPartRe = regexp.MustCompile(`^[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*$`)

// uapiAddPop is UAPI Email::add_pop [DOC https://api.docs.cpanel.net/openapi/cpanel/operation/add_pop]:
// email (a user name, or an address whose domain then counts), password or password_hash (one, not both),
// domain (default: the account's main domain), quota (MB; 0 or unlimited: no limit), send_welcome_email and
// skip_update_db (accepted, no effect here). The answer's data is "user+example.com", as the docs show.
// Decisions where the docs are silent: the failure texts are ours (go by status 0); a missing quota is
// unlimited; a mailbox made from password_hash cannot log in here (the emulator does not check hashes); the
// mailbox lives until /reset, is listed by Email::list_pops and API 2 listpops, and logs in to Webmail.
// Webmail may not run it: AppSafe does not list it (webmailsafe.go).
func (s *Server) uapiAddPop(c *call, u uapiUser, args url.Values) uapiResult {
	email, domain := strings.ToLower(strings.TrimSpace(args.Get("email"))), strings.ToLower(strings.TrimSpace(args.Get("domain")))
	if email == "" {
		return uapiFail("The “email” parameter is required.")
	}
	pass, hash := args.Get("password"), args.Get("password_hash")
	switch {
	case pass != "" && hash != "":
		return uapiFail("You cannot use both the “password” and the “password_hash” parameters.")
	case pass == "" && hash == "":
		return uapiFail("The “password” parameter is required.")
	}
	local := email
	if l, d, ok := strings.Cut(email, "@"); ok {
		local, domain = l, d
	}
	if domain == "" {
		domain = u.acct.Domain
	}
	if !localPartRe.MatchString(local) {
		return uapiFail(fmt.Sprintf("The email account name “%s” is not valid.", local))
	}
	if local == "cpanel" {
		return uapiFail("You cannot use “cpanel” as an email account name.")
	}
	owned := false
	for _, d := range u.acct.domains() {
		owned = owned || d == domain
	}
	if !owned {
		return uapiFail(fmt.Sprintf("The domain “%s” does not belong to this account.", domain))
	}
	quota := 0
	switch q := strings.TrimSpace(args.Get("quota")); q {
	case "", "0", "unlimited":
	default:
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			return uapiFail(fmt.Sprintf("The quota “%s” is not a positive integer, 0, or “unlimited”.", q))
		}
		quota = n
	}
	box := &Mailbox{Email: local + "@" + domain, Password: pass, QuotaMB: quota}
	if !s.addMailbox(u.acct, box) {
		return uapiFail(fmt.Sprintf("The email account “%s” already exists.", box.Email))
	}
	return uapiOK(local + "+" + domain)
}
