package vault

import (
	"encoding/json"
	"testing"
)

// FuzzDecode decodes arbitrary text as a document: no panic; what decodes
// writes valid JSON that decodes to the same text again (the encoding is
// lossless and stable), through the chunks too.
func FuzzDecode(f *testing.F) {
	f.Add(canonical)
	f.Add(mistyped)
	f.Fuzz(func(t *testing.T, text string) {
		v, err := Decode(text)
		if err != nil {
			return
		}
		out, err := v.Document()
		if err != nil {
			t.Fatalf("document: %v", err)
		}
		if !json.Valid([]byte(out)) {
			t.Fatalf("not JSON: %q", out)
		}
		again, err := Decode(out)
		if err != nil {
			t.Fatalf("its own document does not decode: %v", err)
		}
		if second, _ := again.Document(); second != out {
			t.Fatalf("unstable:\n%s\n%s", out, second)
		}
		if third, _ := reopen(t, again).Document(); third != out {
			t.Fatalf("the chunks differ:\n%s\n%s", out, third)
		}
	})
}

// FuzzOpen opens arbitrary meta chunks and loads an arbitrary chunk into
// them: no panic, and the meta chunk written back opens again.
func FuzzOpen(f *testing.F) {
	f.Add(`{"version":2,"servers":[{"id":"s","pages":[{"id":"p","accounts":1,"rows":1}]}]}`, "page.p", `{"server":"s","accounts":[{"id":"a"}]}`)
	f.Add(`{"servers":[]}`, "auth", `{"authenticators":[{"id":"t"}]}`)
	f.Fuzz(func(t *testing.T, meta, id, chunk string) {
		v, err := Open(meta)
		if err != nil {
			return
		}
		_ = v.Load(id, chunk)
		text, err := v.Chunk(ChunkMeta)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Open(text); err != nil {
			t.Fatalf("its own meta chunk does not open: %v\n%s", err, text)
		}
	})
}

// FuzzDecodeEdit applies arbitrary edit messages to a vault: no panic; a
// refused one changes nothing; an applied one leaves chunks that open again.
func FuzzDecodeEdit(f *testing.F) {
	f.Add(`{"op":"account.update","serverId":"s1","id":"a1","set":{"domain":"x.example","totp":null}}`)
	f.Add(`{"op":"accounts.merge","serverId":"s1","listed":[{"user":"bob"},{"user":"zed"}]}`)
	f.Add(`{"op":"server.add","server":{"address":"h.example","whm":{"user":"root","token":"T"}}}`)
	f.Add(`{"op":"history.append","entry":{"form":{"serverId":"s1","args":[["password","x"]]}}}`)
	f.Add(`{"op":"authenticator.update","id":"t1","set":{"type":"hotp","counter":3,"pinned":true}}`)
	f.Add(`{"op":"authenticator.restore","authenticator":{"id":"t2","secret":"JBSWY3DPEHPK3PXP"},"before":"t1"}`)
	f.Add(`{"op":"authenticator.move","id":"t1","before":""}`)
	f.Fuzz(func(t *testing.T, text string) {
		e, err := DecodeEdit(text)
		if err != nil {
			return
		}
		v, err := Decode(canonical)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := v.Document()
		if _, err := v.Apply(e); err != nil {
			if after, _ := v.Document(); after != before {
				t.Fatalf("a refused edit changed the vault: %v", err)
			}
			return
		}
		if _, _, err := v.Changes(); err != nil {
			t.Fatal(err)
		}
		reopen(t, v)
	})
}
