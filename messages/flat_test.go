package messages

import (
	"encoding/json"
	"reflect"
	"testing"
)

// jsonOf is v through encoding/json, as the worker receives it.
func jsonOf(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Each Flat message's Fields is exactly its JSON with "type", empty optional fields left out alike.
func TestFlatFieldsAreTheJSON(t *testing.T) {
	for _, m := range []Flat{
		Warm{}, Lock{}, Setup{Password: "pw"}, Unlock{Password: "pw"}, ChangePassword{Old: "a", New: "b"},
		Import{File: "{}", Password: "pw"}, Reset{Confirm: "erase", Gen: 3, Parts: 7}, ClockLearned{ServerID: "s1", OffsetSeconds: -90.5},
		Login{ServerID: "s1", Service: "cpanel", Method: "token"},
		Login{ServerID: "s1", AccountID: "a1", Mailbox: "info@bob.example", Service: "webmail", Method: "password", App: "Email"},
		Login{ServerID: "s1", AccountID: "a1", Service: "cpanel", Method: "password-security-code", Dest: "file-manager", Page: "p1"},
	} {
		want := jsonOf(t, m)
		want["type"] = m.MessageType()
		if got := jsonOf(t, m.Fields()); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Fields() gives %v, its JSON is %v", m.MessageType(), got, want)
		}
	}
}
