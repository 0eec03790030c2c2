package vault

import (
	"testing"
)

// The vault's hot paths on 100,000 accounts (10 servers of 10,000), what the
// worker and the pages do natively: the document both ways, the meta chunk
// opened, every page loaded and written, and one account edit decoded,
// applied and its chunks written.
func benchVault(b *testing.B) (*Vault, map[string]string) {
	b.Helper()
	v, err := Decode(bigDocument(10, 10000))
	if err != nil {
		b.Fatal(err)
	}
	chunks, err := v.Chunks()
	if err != nil {
		b.Fatal(err)
	}
	return v, chunks
}

func BenchmarkDocument(b *testing.B) {
	v, _ := benchVault(b)
	text, _ := v.Document()
	b.Run("decode", func(b *testing.B) { loop(b, func() error { _, err := Decode(text); return err }) })
	b.Run("encode", func(b *testing.B) { loop(b, func() error { _, err := v.Document(); return err }) })
}

// loop runs f in b's loop, failing on its error.
func loop(b *testing.B, f func() error) {
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChunks(b *testing.B) {
	v, chunks := benchVault(b)
	b.Run("open meta", func(b *testing.B) { loop(b, func() error { _, err := Open(chunks[ChunkMeta]); return err }) })
	b.Run("load pages", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			w, err := Open(chunks[ChunkMeta])
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			for _, id := range w.Unloaded() {
				if err := w.Load(id, chunks[id]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("write pages", func(b *testing.B) { loop(b, func() error { _, err := v.Chunks(); return err }) })
}

// BenchmarkEdit is one account's password changed in a vault of 100,000
// accounts: the edit's message decoded, applied, and the chunks it changed
// written.
func BenchmarkEdit(b *testing.B) {
	v, _ := benchVault(b)
	s := &v.Servers[5]
	a := s.AccountAt(5000)
	text := EncodeEdit(UpdateAccount{ServerID: s.ID, ID: a.ID, Page: s.PageOf(a.ID), Password: ptr("new-password"), Favourite: ptr("")})
	loop(b, func() error {
		e, err := DecodeEdit(text)
		if err == nil {
			_, err = v.Apply(e)
		}
		if err == nil {
			_, _, err = v.Changes()
		}
		return err
	})
}
