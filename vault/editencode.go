package vault

import "strconv"

// EncodeEdit writes an edit as DecodeEdit reads it: the message the pages send
// (vault.edit). Pages build typed edits and send this text, so the format
// lives in this package alone.
func EncodeEdit(e Edit) string { return string(e.encode(nil)) }

// editWriter starts an edit's object with its op.
func editWriter(op string) *objectWriter {
	w := openObject(nil, nil)
	w.str("op", op)
	return w
}

// set writes the "set" member of an update: only the fields it carries.
func (w *objectWriter) set(fields func(s *objectWriter)) {
	w.value("set", func(b []byte) []byte {
		s := openObject(b, nil)
		fields(s)
		return s.close()
	})
}

func (s *objectWriter) optString(name string, v *string) {
	if v != nil {
		s.str(name, *v)
	}
}

func (s *objectWriter) optInt(name string, v *int) {
	if v != nil {
		s.int(name, int64(*v))
	}
}

func (e AddServer) encode(b []byte) []byte {
	w := editWriter("server.add")
	srv := Server{Name: e.Name, Address: e.Address, BaseURL: e.BaseURL, Tags: e.Tags, WHM: e.WHM}
	w.value("server", func(b []byte) []byte { return appendServer(b, &srv, func(*objectWriter) {}) })
	return append(b, w.close()...)
}

func (e AddServers) encode(b []byte) []byte {
	w := editWriter("servers.add")
	w.value("servers", func(b []byte) []byte {
		b = append(b, '[')
		for i, a := range e.Servers {
			if i > 0 {
				b = append(b, ',')
			}
			srv := Server{Name: a.Name, Address: a.Address, BaseURL: a.BaseURL, Tags: a.Tags, WHM: a.WHM}
			accounts := e.Accounts[i]
			b = appendServer(b, &srv, func(w *objectWriter) {
				if len(accounts) > 0 {
					w.value(accountsKey, func(b []byte) []byte { return appendList(b, accounts, appendAccount) })
				}
			})
		}
		return append(b, ']')
	})
	return append(b, w.close()...)
}

func (e UpdateServer) encode(b []byte) []byte {
	w := editWriter("server.update")
	w.str("id", e.ID)
	w.set(func(s *objectWriter) {
		s.optString("name", e.Name)
		s.optString("address", e.Address)
		s.optString("baseURL", e.BaseURL)
		if e.Tags != nil {
			s.value("tags", func(b []byte) []byte {
				return appendList(b, *e.Tags, func(b []byte, t *string) []byte { return appendString(b, *t) })
			})
		}
		if e.WHM != nil {
			s.value("whm", func(b []byte) []byte { return appendWHM(b, e.WHM) })
		}
	})
	return append(b, w.close()...)
}

func (e DeleteServer) encode(b []byte) []byte {
	w := editWriter("server.delete")
	w.str("id", e.ID)
	return append(b, w.close()...)
}

func (e AddAccount) encode(b []byte) []byte {
	w := editWriter("account.add")
	w.str("serverId", e.ServerID)
	w.value("account", func(b []byte) []byte { return appendAccount(b, &e.Account) })
	return append(b, w.close()...)
}

// accountRef writes the members naming an account.
func (w *objectWriter) accountRef(serverID, id, page string) {
	w.str("serverId", serverID)
	w.str("id", id)
	if page != "" {
		w.str("page", page)
	}
}

func (e UpdateAccount) encode(b []byte) []byte {
	w := editWriter("account.update")
	w.accountRef(e.ServerID, e.ID, e.Page)
	w.set(func(s *objectWriter) {
		s.optString("user", e.User)
		s.optString("domain", e.Domain)
		s.optString("password", e.Password)
		s.optString("apiToken", e.APIToken)
		if e.TOTP != nil {
			s.value("totp", func(b []byte) []byte { return appendTOTP(b, *e.TOTP) })
		}
		if e.Mailboxes != nil {
			s.value("mailboxes", func(b []byte) []byte { return appendList(b, nonNil(*e.Mailboxes), appendMailbox) })
		}
		s.optString("favourite", e.Favourite)
	})
	return append(b, w.close()...)
}

func (e DeleteAccount) encode(b []byte) []byte {
	w := editWriter("account.delete")
	w.accountRef(e.ServerID, e.ID, e.Page)
	return append(b, w.close()...)
}

func (e MergeAccounts) encode(b []byte) []byte {
	w := editWriter("accounts.merge")
	w.str("serverId", e.ServerID)
	w.int("at", e.At)
	w.value("listed", func(b []byte) []byte {
		return appendList(b, e.Listed, func(b []byte, l *Listed) []byte {
			lw := openObject(b, nil)
			lw.str("user", l.User)
			lw.str("domain", l.Domain)
			lw.str("owner", l.Owner)
			lw.boolean("suspended", l.Suspended)
			return lw.close()
		})
	})
	return append(b, w.close()...)
}

func (e AddAuthenticators) encode(b []byte) []byte {
	w := editWriter("authenticators.add")
	w.value("authenticators", func(b []byte) []byte { return appendList(b, nonNil(e.Authenticators), appendAuthenticator) })
	return append(b, w.close()...)
}

func (e UpdateAuthenticator) encode(b []byte) []byte {
	w := editWriter("authenticator.update")
	w.str("id", e.ID)
	w.set(func(s *objectWriter) {
		s.optString("issuer", e.Issuer)
		s.optString("account", e.Account)
		s.optString("secret", e.Secret)
		s.optString("algorithm", e.Algorithm)
		s.optString("type", e.Type)
		s.optInt("digits", e.Digits)
		s.optInt("period", e.Period)
		if e.Counter != nil {
			s.int("counter", *e.Counter)
		}
		if e.Pinned != nil {
			s.boolean("pinned", *e.Pinned)
		}
	})
	return append(b, w.close()...)
}

func (e MoveAuthenticator) encode(b []byte) []byte {
	w := editWriter("authenticator.move")
	w.str("id", e.ID)
	if e.Before != "" {
		w.str("before", e.Before)
	}
	return append(b, w.close()...)
}

func (e DeleteAuthenticator) encode(b []byte) []byte {
	w := editWriter("authenticator.delete")
	w.str("id", e.ID)
	return append(b, w.close()...)
}

func (e RestoreAuthenticator) encode(b []byte) []byte {
	w := editWriter("authenticator.restore")
	w.value("authenticator", func(b []byte) []byte { return appendAuthenticator(b, &e.Authenticator) })
	if e.Before != "" {
		w.str("before", e.Before)
	}
	return append(b, w.close()...)
}

func (e UseHOTP) encode(b []byte) []byte {
	w := editWriter("authenticator.hotp.used")
	w.str("id", e.ID)
	w.raw("counter", strconv.FormatInt(e.Counter, 10))
	return append(b, w.close()...)
}

func (e AppendHistory) encode(b []byte) []byte {
	w := editWriter("history.append")
	w.value("entry", func(b []byte) []byte { return appendHistoryEntry(b, &e.Entry) })
	return append(b, w.close()...)
}

func (ClearHistory) encode(b []byte) []byte { return append(b, editWriter("history.clear").close()...) }

func (e SetSettings) encode(b []byte) []byte {
	w := editWriter("settings.set")
	w.int("autoLockMinutes", int64(e.AutoLockMinutes))
	return append(b, w.close()...)
}

func (e Replace) encode(b []byte) []byte {
	w := editWriter("vault.replace")
	text, err := e.Other.Document()
	if err != nil {
		text = "null" // a vault not loaded in full: DecodeEdit refuses it, as Apply would
	}
	w.raw("document", text)
	return append(b, w.close()...)
}
