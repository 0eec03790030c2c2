package vault

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/panelkey/panelkey/otpauth"
	"github.com/panelkey/panelkey/totp"
)

// authVault has four authenticators, t1 to t4, the last a HOTP one.
func authVault(t *testing.T) *Vault {
	t.Helper()
	v := decode(t, `{"version":2,"servers":[],"history":[],"authenticators":[
		{"id":"t1","issuer":"A","account":"a","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30,"icon":"x"},
		{"id":"t2","issuer":"B","account":"b","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30},
		{"id":"t3","issuer":"C","account":"c","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30,"pinned":true},
		{"id":"t4","issuer":"D","account":"d","secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algorithm":"SHA1","digits":6,"type":"hotp","counter":5}]}`)
	sequentialIDs(v)
	return v
}

func order(v *Vault) []string {
	var ids []string
	for _, a := range v.Authenticators {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestFromKey(t *testing.T) {
	k, err := otpauth.Parse("otpauth://hotp/I:a?secret=JBSWY3DPEHPK3PXP&issuer=I&counter=7&digits=8")
	require.NoError(t, err)
	assert.Equal(t, Authenticator{Issuer: "I", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 8, Type: TypeHOTP, Counter: 7}, FromKey(k))
	k, err = otpauth.Parse("otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP&period=60")
	require.NoError(t, err)
	assert.Equal(t, Authenticator{Issuer: "I", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 60}, FromKey(k))

	// A counter JavaScript cannot hold exactly is refused, not rounded.
	k.Type, k.Period, k.Counter = otpauth.HOTP, 0, 1<<63
	a := FromKey(k)
	_, err = authVault(t).Apply(AddAuthenticators{Authenticators: []Authenticator{a}})
	assert.ErrorContains(t, err, "counter")
}

func TestAuthenticatorEdits(t *testing.T) {
	t.Run("update sets what it carries, keeps the rest and unknown members", func(t *testing.T) {
		v := authVault(t)
		r, written, _ := changes(t, v, UpdateAuthenticator{ID: "t1", Issuer: ptr("GitHub"), Digits: ptr(8), Pinned: ptr(true)})
		assert.Equal(t, "t1", r.ID)
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		a := v.Authenticator("t1")
		assert.Equal(t, Authenticator{ID: "t1", Issuer: "GitHub", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1",
			Digits: 8, Period: 30, Pinned: true, Extra: Extra{{"icon", `"x"`}}}, *a)
	})
	t.Run("re-entered secret and algorithm", func(t *testing.T) {
		v := authVault(t)
		changes(t, v, UpdateAuthenticator{ID: "t2", Secret: ptr("GEZDGNBVGY3TQOJQ"), Algorithm: ptr("SHA256"), Period: ptr(60)})
		a := v.Authenticator("t2")
		assert.Equal(t, [3]any{"GEZDGNBVGY3TQOJQ", "SHA256", 60}, [3]any{a.Secret, a.Algorithm, a.Period})
	})
	t.Run("kind changes drop the other kind's field", func(t *testing.T) {
		v := authVault(t)
		changes(t, v, UpdateAuthenticator{ID: "t1", Type: ptr(TypeHOTP), Counter: ptr(int64(3))})
		a := v.Authenticator("t1")
		assert.Equal(t, [3]any{TypeHOTP, 0, int64(3)}, [3]any{a.Type, a.Period, a.Counter})
		changes(t, v, UpdateAuthenticator{ID: "t4", Type: ptr(TypeTOTP)})
		a = v.Authenticator("t4")
		assert.Equal(t, [3]any{TypeTOTP, 0, int64(0)}, [3]any{a.Type, a.Period, a.Counter})
	})
	t.Run("move before another, last, onto itself", func(t *testing.T) {
		v := authVault(t)
		_, written, _ := changes(t, v, MoveAuthenticator{ID: "t4", Before: "t2"})
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		assert.Equal(t, []string{"t1", "t4", "t2", "t3"}, order(v))
		changes(t, v, MoveAuthenticator{ID: "t1"})
		assert.Equal(t, []string{"t4", "t2", "t3", "t1"}, order(v))
		changes(t, v, MoveAuthenticator{ID: "t2", Before: "t3"}) // already there
		assert.Equal(t, []string{"t4", "t2", "t3", "t1"}, order(v))
		changes(t, v, MoveAuthenticator{ID: "t3", Before: "t3"})
		assert.Equal(t, []string{"t4", "t2", "t3", "t1"}, order(v))
	})
	t.Run("delete, then restore in its place with its id and members", func(t *testing.T) {
		v := authVault(t)
		deleted := *v.Authenticator("t1")
		changes(t, v, DeleteAuthenticator{ID: "t1"})
		assert.Equal(t, []string{"t2", "t3", "t4"}, order(v))
		_, written, _ := changes(t, v, RestoreAuthenticator{Authenticator: deleted, Before: "t2"})
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		assert.Equal(t, []string{"t1", "t2", "t3", "t4"}, order(v))
		assert.Equal(t, deleted, *v.Authenticator("t1"))

		// The neighbour deleted too: restored last.
		changes(t, v, DeleteAuthenticator{ID: "t1"})
		changes(t, v, DeleteAuthenticator{ID: "t2"})
		changes(t, v, RestoreAuthenticator{Authenticator: deleted, Before: "t2"})
		assert.Equal(t, []string{"t3", "t4", "t1"}, order(v))
	})
	t.Run("a HOTP code shown moves the counter past it, never back", func(t *testing.T) {
		v := authVault(t)
		_, written, _ := changes(t, v, UseHOTP{ID: "t4", Counter: 5})
		assert.Equal(t, []string{ChunkAuthenticators}, written)
		assert.Equal(t, int64(6), v.Authenticator("t4").Counter)
		_, written, _ = changes(t, v, UseHOTP{ID: "t4", Counter: 5}) // a second page showed the same code
		assert.Empty(t, written)
		assert.Equal(t, int64(6), v.Authenticator("t4").Counter)
		changes(t, v, UseHOTP{ID: "t4", Counter: 9})
		assert.Equal(t, int64(10), v.Authenticator("t4").Counter)
	})
}

func TestRefusedAuthenticatorEditsChangeNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit Edit
		code string
	}{
		{"update of a gone one", UpdateAuthenticator{ID: "nope", Issuer: ptr("x")}, CodeNotFound},
		{"bad secret", UpdateAuthenticator{ID: "t1", Secret: ptr("JBSW0")}, CodeInvalid},
		{"9 digits", UpdateAuthenticator{ID: "t1", Digits: ptr(9)}, CodeInvalid},
		{"MD5", UpdateAuthenticator{ID: "t1", Algorithm: ptr("MD5")}, CodeInvalid},
		{"unknown kind", UpdateAuthenticator{ID: "t1", Type: ptr("motp")}, CodeInvalid},
		{"a TOTP counter", UpdateAuthenticator{ID: "t1", Counter: ptr(int64(2))}, CodeInvalid},
		{"a HOTP period", UpdateAuthenticator{ID: "t4", Period: ptr(30)}, CodeInvalid},
		{"negative counter", UpdateAuthenticator{ID: "t4", Counter: ptr(int64(-1))}, CodeInvalid},
		{"control character", UpdateAuthenticator{ID: "t1", Account: ptr("a\nb")}, CodeInvalid},
		{"move of a gone one", MoveAuthenticator{ID: "nope"}, CodeNotFound},
		{"move before a gone one", MoveAuthenticator{ID: "t1", Before: "nope"}, CodeNotFound},
		{"restore of a present id", RestoreAuthenticator{Authenticator: Authenticator{ID: "t1", Secret: "JBSWY3DPEHPK3PXP"}}, CodeDuplicate},
		{"restore without id", RestoreAuthenticator{Authenticator: Authenticator{Secret: "JBSWY3DPEHPK3PXP"}}, CodeInvalid},
		{"restore of a bad one", RestoreAuthenticator{Authenticator: Authenticator{ID: "t9", Secret: "!"}}, CodeInvalid},
		{"HOTP use of a TOTP one", UseHOTP{ID: "t1", Counter: 1}, CodeInvalid},
		{"HOTP use of a gone one", UseHOTP{ID: "nope"}, CodeNotFound},
		{"HOTP use past the bound", UseHOTP{ID: "t4", Counter: MaxCounter}, CodeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := authVault(t)
			before := document(t, v)
			_, err := v.Apply(tc.edit)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, before, document(t, v))
			written, removed, err := v.Changes()
			require.NoError(t, err)
			assert.Empty(t, written)
			assert.Empty(t, removed)
		})
	}
}

// What the edits set survives the authenticators chunk written and read
// again: the vault locked and unlocked.
func TestAuthenticatorsSurviveTheirChunk(t *testing.T) {
	v := authVault(t)
	for _, e := range []Edit{
		MoveAuthenticator{ID: "t4", Before: "t1"},
		UpdateAuthenticator{ID: "t2", Pinned: ptr(true), Account: ptr("renamed")},
		UseHOTP{ID: "t4", Counter: 5},
	} {
		_, err := v.Apply(e)
		require.NoError(t, err)
	}
	text, err := v.Chunk(ChunkAuthenticators)
	require.NoError(t, err)
	assert.Contains(t, text, `"type":"hotp","counter":6`)
	assert.NotContains(t, text, `"type":"totp"`, "a TOTP entry is written as format 1 wrote it")

	again := newVault()
	require.NoError(t, again.Load(ChunkAuthenticators, text))
	assert.Equal(t, v.Authenticators, again.Authenticators)
	assert.Equal(t, []string{"t4", "t1", "t2", "t3"}, order(again))
	assert.True(t, again.Authenticator("t2").Pinned)

	// The code a HOTP entry shows is the RFC 4226 code of its counter.
	a := again.Authenticator("t4")
	code, err := totp.HOTP(a.Secret, uint64(a.Counter), totp.Options{Algorithm: totp.Algorithm(a.Algorithm), Digits: a.Digits})
	require.NoError(t, err)
	assert.Equal(t, "287922", code)
}

func TestDecodeAuthenticatorEdits(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Edit
	}{
		{`{"op":"authenticator.update","id":"t1","set":{"issuer":"I","account":"a","secret":"S","algorithm":"SHA256","digits":8,"period":60,"type":"totp","counter":0,"pinned":true}}`,
			UpdateAuthenticator{ID: "t1", Issuer: ptr("I"), Account: ptr("a"), Secret: ptr("S"), Algorithm: ptr("SHA256"),
				Digits: ptr(8), Period: ptr(60), Type: ptr("totp"), Counter: ptr(int64(0)), Pinned: ptr(true)}},
		{`{"op":"authenticator.update","id":"t1","set":{"pinned":false}}`, UpdateAuthenticator{ID: "t1", Pinned: ptr(false)}},
		{`{"op":"authenticator.move","id":"t1","before":"t3"}`, MoveAuthenticator{ID: "t1", Before: "t3"}},
		{`{"op":"authenticator.move","id":"t1"}`, MoveAuthenticator{ID: "t1"}},
		{`{"op":"authenticator.move","id":"t1","before":null}`, MoveAuthenticator{ID: "t1"}},
		{`{"op":"authenticator.restore","authenticator":{"id":"t1","secret":"S","type":"hotp","counter":4,"icon":1},"before":"t2"}`,
			RestoreAuthenticator{Authenticator: Authenticator{ID: "t1", Secret: "S", Type: "hotp", Counter: 4, Extra: Extra{{"icon", "1"}}}, Before: "t2"}},
		{`{"op":"authenticator.hotp.used","id":"t4","counter":12}`, UseHOTP{ID: "t4", Counter: 12}},
		{`{"op":"authenticators.add","authenticators":[{"secret":"S","type":"hotp","counter":3,"pinned":true}]}`,
			AddAuthenticators{Authenticators: []Authenticator{{Secret: "S", Type: "hotp", Counter: 3, Pinned: true}}}},
	} {
		got, err := DecodeEdit(tc.text)
		require.NoError(t, err, tc.text)
		assert.Equal(t, tc.want, got, tc.text)
	}
	for _, text := range []string{
		`{"op":"authenticator.update","id":"t1","set":{"color":"x"}}`,
		`{"op":"authenticator.update","id":"t1","set":{"secret":5}}`,
		`{"op":"authenticator.update","id":"t1","set":{"pinned":"hunter2"}}`,
		`{"op":"authenticator.update","id":"t1"}`,
		`{"op":"authenticator.move","id":"t1","before":5}`,
		`{"op":"authenticator.restore","before":"t2"}`,
		`{"op":"authenticator.hotp.used","id":"t4"}`,
		`{"op":"authenticator.hotp.used","id":"t4","counter":"hunter2"}`,
		`{"op":"authenticator.hotp.used","id":"t4","counter":1.5}`,
	} {
		_, err := DecodeEdit(text)
		var e *Error
		require.ErrorAs(t, err, &e, text)
		assert.Equal(t, CodeBadEdit, e.Code, text)
		assert.NotContains(t, e.Message, "hunter2")
	}
}
