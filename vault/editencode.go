package vault

import "strconv"

// EncodeEdit writes an edit as DecodeEdit reads it: the message the pages send
// (vault.edit). Pages build typed edits and send this text, so the format
// lives in this package alone.
func EncodeEdit(e Edit) string { return string(e.encode(nil)) }

// appendEdit writes an edit's object: its op, then the members members writes.
func appendEdit(b []byte, op string, members func(w *objectWriter)) []byte {
	w := openObject(b, nil)
	w.str("op", op)
	members(w)
	return w.close()
}

// appendUpdate writes an update of the record with that id: set writes the
// "set" member.
func appendUpdate(b []byte, op, id string, set func(w *objectWriter)) []byte {
	return appendEdit(b, op, func(w *objectWriter) {
		w.str("id", id)
		set(w)
	})
}

func (e AddServer) encode(b []byte) []byte {
	return appendEdit(b, "server.add", func(w *objectWriter) {
		srv := Server{Name: e.Name, Address: e.Address, BaseURL: e.BaseURL, Tags: e.Tags, WHM: e.WHM}
		w.value("server", func(b []byte) []byte { return appendServer(b, &srv, func(*objectWriter) {}) })
	})
}

func (e AddServers) encode(b []byte) []byte {
	return appendEdit(b, "servers.add", func(w *objectWriter) {
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
						w.value(accountsKey, func(b []byte) []byte { return appendList(b, accounts, accountFields.append) })
					}
				})
			}
			return append(b, ']')
		})
	})
}

func (e UpdateServer) encode(b []byte) []byte {
	return appendUpdate(b, "server.update", e.ID, func(w *objectWriter) { serverUpdate.write(w, &e) })
}

func (e DeleteServer) encode(b []byte) []byte {
	return appendEdit(b, "server.delete", func(w *objectWriter) {
		w.str("id", e.ID)
	})
}

func (e AddAccount) encode(b []byte) []byte {
	return appendEdit(b, "account.add", func(w *objectWriter) {
		w.str("serverId", e.ServerID)
		w.value("account", func(b []byte) []byte { return accountFields.append(b, &e.Account) })
	})
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
	return appendEdit(b, "account.update", func(w *objectWriter) {
		w.accountRef(e.ServerID, e.ID, e.Page)
		accountUpdate.write(w, &e)
	})
}

func (e DeleteAccount) encode(b []byte) []byte {
	return appendEdit(b, "account.delete", func(w *objectWriter) {
		w.accountRef(e.ServerID, e.ID, e.Page)
	})
}

func (e MergeAccounts) encode(b []byte) []byte {
	return appendEdit(b, "accounts.merge", func(w *objectWriter) {
		w.str("serverId", e.ServerID)
		w.int("at", e.At)
		w.value("listed", func(b []byte) []byte { return appendList(b, e.Listed, listedFields.append) })
	})
}

func (e AddAuthenticators) encode(b []byte) []byte {
	return appendEdit(b, "authenticators.add", func(w *objectWriter) {
		w.value("authenticators", func(b []byte) []byte { return appendList(b, nonNil(e.Authenticators), authenticatorFields.append) })
	})
}

func (e UpdateAuthenticator) encode(b []byte) []byte {
	return appendUpdate(b, "authenticator.update", e.ID, func(w *objectWriter) { authenticatorUpdate.write(w, &e) })
}

func (e MoveAuthenticator) encode(b []byte) []byte {
	return appendEdit(b, "authenticator.move", func(w *objectWriter) {
		w.str("id", e.ID)
		if e.Before != "" {
			w.str("before", e.Before)
		}
	})
}

func (e DeleteAuthenticator) encode(b []byte) []byte {
	return appendEdit(b, "authenticator.delete", func(w *objectWriter) {
		w.str("id", e.ID)
	})
}

func (e RestoreAuthenticator) encode(b []byte) []byte {
	return appendEdit(b, "authenticator.restore", func(w *objectWriter) {
		w.value("authenticator", func(b []byte) []byte { return authenticatorFields.append(b, &e.Authenticator) })
		if e.Before != "" {
			w.str("before", e.Before)
		}
	})
}

func (e UseHOTP) encode(b []byte) []byte {
	return appendEdit(b, "authenticator.hotp.used", func(w *objectWriter) {
		w.str("id", e.ID)
		w.raw("counter", strconv.FormatInt(e.Counter, 10))
	})
}

func (e AppendHistory) encode(b []byte) []byte {
	return appendEdit(b, "history.append", func(w *objectWriter) {
		w.value("entry", func(b []byte) []byte { return historyFields.append(b, &e.Entry) })
	})
}

func (ClearHistory) encode(b []byte) []byte {
	return appendEdit(b, "history.clear", func(*objectWriter) {})
}

func (e SetSettings) encode(b []byte) []byte {
	return appendEdit(b, "settings.set", func(w *objectWriter) {
		w.int("autoLockMinutes", int64(e.AutoLockMinutes))
	})
}

func (e Replace) encode(b []byte) []byte {
	return appendEdit(b, "vault.replace", func(w *objectWriter) {
		text, err := e.Other.Document()
		if err != nil {
			text = "null" // a vault not loaded in full: DecodeEdit refuses it, as Apply would
		}
		w.raw("document", text)
	})
}
