package vault

import (
	"github.com/panelkey/panelkey/jsonscan"
)

// DecodeEdit reads one edit as the pages and the worker send it (JSON):
//
//	{"op":"server.add","server":{"name","address","baseURL","tags"?,"whm":{…}}}
//	{"op":"servers.add","servers":[{"name","address","baseURL","tags"?,"whm":{…},"accounts"?:[{account…}]}…]}
//	{"op":"server.update","id","set":{"name"?,"address"?,"baseURL"?,"tags"?,"whm"?}}
//	{"op":"server.delete","id"}
//	{"op":"account.add","serverId","account":{"user","domain","password","apiToken","totp","mailboxes"}}
//	{"op":"account.update","serverId","id","page"?,"set":{"user"?,"domain"?,"password"?,"apiToken"?,"totp"?,"mailboxes"?,"favourite"?}}
//	{"op":"account.delete","serverId","id","page"?}
//	{"op":"accounts.merge","serverId","at","listed":[{"user","domain","owner","suspended"}]}
//	{"op":"authenticators.add","authenticators":[{"issuer","account","secret","algorithm","digits","period","type"?,"counter"?,"pinned"?}]}
//	{"op":"authenticator.update","id","set":{"issuer"?,"account"?,"secret"?,"algorithm"?,"digits"?,"period"?,"type"?,"counter"?,"pinned"?}}
//	{"op":"authenticator.move","id","before"}           ("" or absent: last)
//	{"op":"authenticator.delete","id"}
//	{"op":"authenticator.restore","authenticator":{…with its id},"before"}
//	{"op":"authenticator.hotp.used","id","counter"}
//	{"op":"history.append","entry":{"id"?,"at","form":{…},"status","ms","outcome"}}
//	{"op":"history.clear"}
//	{"op":"settings.set","autoLockMinutes"}
//	{"op":"vault.replace","document":{…the document encoding…}}
//
// A "set" member that is present is set (null clears a 2FA secret); absent
// ones are left as they are. Unknown ops, unknown members of "set" and values
// of the wrong type are refused (bad-edit), naming where, never quoting them.
func DecodeEdit(text string) (Edit, error) {
	var op, id, serverID, page string
	var at int64
	var minutes int
	var raw = map[string]string{} // members read later, once the op is known
	var extra Extra
	r := jsonscan.NewReader(text)
	err := readObject(r, &extra, func(f *field) error {
		switch f.key {
		case "op":
			return f.str(&op)
		case "id":
			return f.str(&id)
		case "serverId":
			return f.str(&serverID)
		case "page":
			return f.str(&page)
		case "at":
			return f.int64(&at)
		case "autoLockMinutes":
			return f.int(&minutes)
		}
		v, err := f.r.Raw()
		raw[f.key] = v
		return err
	})
	if err == nil {
		err = r.End()
	}
	if err == nil && len(extra) > 0 {
		err = &jsonscan.TypeError{Want: "the edit's fields", Got: "a value of another type for " + extra[0].Name}
	}
	if err != nil {
		return nil, badEdit(op, err)
	}
	e, err := decodeOp(op, id, serverID, page, at, minutes, raw)
	if err != nil {
		return nil, badEdit(op, err)
	}
	return e, nil
}

func badEdit(op string, err error) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	msg := "Not a vault edit"
	if op != "" {
		msg = "Not a valid " + op + " edit"
	}
	if de, ok := err.(*decodeError); ok {
		msg += " (at " + de.path + ")"
	}
	return &Error{Code: CodeBadEdit, Message: msg + ".", err: err}
}

func decodeOp(op, id, serverID, page string, at int64, minutes int, raw map[string]string) (Edit, error) {
	switch op {
	case "server.add":
		var s Server
		if err := decodeMember(raw, "server", func(r *jsonscan.Reader) error { return decodeServer(r, &s, nil) }); err != nil {
			return nil, err
		}
		return AddServer{Name: s.Name, Address: s.Address, BaseURL: s.BaseURL, Tags: s.Tags, WHM: s.WHM}, nil
	case "servers.add":
		e := AddServers{Accounts: map[int][]Account{}}
		err := decodeMember(raw, "servers", func(r *jsonscan.Reader) error {
			return r.Array(func(i int) error {
				var s Server
				err := decodeServer(r, &s, func(f *field) error {
					if f.key != accountsKey {
						return f.keep()
					}
					var accounts []Account
					err := list(f, &accounts, accountFields.decode)
					e.Accounts[i] = accounts
					return err
				})
				e.Servers = append(e.Servers, AddServer{Name: s.Name, Address: s.Address, BaseURL: s.BaseURL, Tags: s.Tags, WHM: s.WHM})
				return atIndex(err, i)
			})
		})
		return e, err
	case "server.update":
		e := UpdateServer{ID: id}
		err := serverUpdate.decode(raw, &e)
		return e, err
	case "server.delete":
		return DeleteServer{ID: id}, nil
	case "account.add":
		var a Account
		err := decodeMember(raw, "account", func(r *jsonscan.Reader) error { return accountFields.decode(r, &a) })
		return AddAccount{ServerID: serverID, Account: a}, err
	case "account.update":
		e := UpdateAccount{ServerID: serverID, ID: id, Page: page}
		err := accountUpdate.decode(raw, &e)
		return e, err
	case "account.delete":
		return DeleteAccount{ServerID: serverID, ID: id, Page: page}, nil
	case "accounts.merge":
		e := MergeAccounts{ServerID: serverID, At: at}
		err := decodeMember(raw, "listed", func(r *jsonscan.Reader) error {
			return readList(r, &e.Listed, func(r *jsonscan.Reader, l *Listed) error {
				return setMembers(r, func(extra *Extra) error { return listedFields.decodeWith(r, l, extra, nil) })
			})
		})
		return e, err
	case "authenticators.add":
		var e AddAuthenticators
		err := decodeMember(raw, "authenticators", func(r *jsonscan.Reader) error {
			return readList(r, &e.Authenticators, authenticatorFields.decode)
		})
		return e, err
	case "authenticator.update":
		e := UpdateAuthenticator{ID: id}
		err := authenticatorUpdate.decode(raw, &e)
		return e, err
	case "authenticator.move":
		e := MoveAuthenticator{ID: id}
		return e, optionalString(raw, "before", &e.Before)
	case "authenticator.delete":
		return DeleteAuthenticator{ID: id}, nil
	case "authenticator.restore":
		var e RestoreAuthenticator
		if err := decodeMember(raw, "authenticator", func(r *jsonscan.Reader) error {
			return authenticatorFields.decode(r, &e.Authenticator) // as it was stored, unknown members too
		}); err != nil {
			return nil, err
		}
		return e, optionalString(raw, "before", &e.Before)
	case "authenticator.hotp.used":
		e := UseHOTP{ID: id}
		return e, int64Member(raw, "counter", &e.Counter)
	case "history.append":
		var e AppendHistory
		err := decodeMember(raw, "entry", func(r *jsonscan.Reader) error { return historyFields.decode(r, &e.Entry) })
		return e, err
	case "history.clear":
		return ClearHistory{}, nil
	case "settings.set":
		return SetSettings{AutoLockMinutes: minutes}, nil
	case "vault.replace":
		text, ok := raw["document"]
		if !ok {
			return nil, &jsonscan.TypeError{Want: "a document", Got: "none"}
		}
		o, err := Decode(text)
		if err != nil {
			return nil, err
		}
		return Replace{Other: o}, nil
	}
	return nil, &Error{Code: CodeBadEdit, Message: "Unknown vault edit."}
}

// member decodes the named member's text with decode; absent is an error.
func decodeMember(raw map[string]string, name string, decode func(r *jsonscan.Reader) error) error {
	text, ok := raw[name]
	if !ok {
		return at(&jsonscan.TypeError{Want: "a value", Got: "none"}, name)
	}
	r := jsonscan.NewReader(text)
	err := decode(r)
	if err == nil {
		err = r.End()
	}
	return at(err, name)
}

// setMembers reads an object whose members must all be known ones of the
// right type (read keeps any other in extra): an edit is refused rather than
// half understood.
func setMembers(r *jsonscan.Reader, read func(extra *Extra) error) error {
	if r.Kind() != jsonscan.Object {
		return &jsonscan.TypeError{Want: "an object", Got: r.Kind().String()}
	}
	var extra Extra
	err := read(&extra)
	if err == nil && len(extra) > 0 {
		err = at(&jsonscan.TypeError{Want: "a known field of the right type", Got: "another"}, extra[0].Name)
	}
	return err
}

// optionalString reads the named member, a string (null or absent: "").
func optionalString(raw map[string]string, name string, p *string) error {
	if _, ok := raw[name]; !ok {
		return nil
	}
	return scalarMember(raw, name, "a string", func(f *field) error { return f.str(p) })
}

// int64Member reads the named member, a whole number; absent is an error.
func int64Member(raw map[string]string, name string, p *int64) error {
	return scalarMember(raw, name, "a whole number", func(f *field) error { return f.int64(p) })
}

// scalarMember reads a member with one of field's readers, refusing a value
// of another type (which the reader would keep as an unknown member).
func scalarMember(raw map[string]string, name, want string, read func(f *field) error) error {
	return decodeMember(raw, name, func(r *jsonscan.Reader) error {
		var extra Extra
		if err := read(&field{r: r, key: name, extra: &extra}); err != nil {
			return err
		}
		if len(extra) > 0 {
			return &jsonscan.TypeError{Want: want, Got: "another value"}
		}
		return nil
	})
}
