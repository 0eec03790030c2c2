package messages

// Flat is a message whose fields are strings, numbers and booleans: a page
// hands it to the worker as Fields, a plain map, without encoding/json or
// reflection (the popup links neither). TestFlatFieldsAreTheJSON keeps each
// Fields equal to the message's JSON.
type Flat interface {
	Message
	// Fields is the message as JSON would carry it, with its "type".
	Fields() map[string]any
}

func typed(m Message, kv ...any) map[string]any {
	out := map[string]any{"type": m.MessageType()}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// withOptional adds the non-empty optional string fields.
func withOptional(out map[string]any, kv ...string) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func (m Warm) Fields() map[string]any  { return typed(m) }
func (m Lock) Fields() map[string]any  { return typed(m) }
func (m Setup) Fields() map[string]any { return typed(m, "password", m.Password) }
func (m Unlock) Fields() map[string]any {
	f := typed(m, "password", m.Password)
	if m.AcceptOlder {
		f["acceptOlder"] = true
	}
	return f
}
func (m ChangePassword) Fields() map[string]any { return typed(m, "old", m.Old, "new", m.New) }
func (m Import) Fields() map[string]any         { return typed(m, "file", m.File, "password", m.Password) }
func (m Reset) Fields() map[string]any {
	return typed(m, "confirm", m.Confirm, "gen", m.Gen, "parts", m.Parts)
}
func (m ClockLearned) Fields() map[string]any {
	return typed(m, "serverId", m.ServerID, "offsetSeconds", m.OffsetSeconds)
}
func (m Login) Fields() map[string]any {
	return withOptional(typed(m, "serverId", m.ServerID, "service", m.Service, "method", m.Method),
		"accountId", m.AccountID, "mailbox", m.Mailbox, "app", m.App, "dest", m.Dest, "page", m.Page)
}
