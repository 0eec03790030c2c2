//go:build js && wasm

package main

import (
	"encoding/json"
	"runtime"
	"slices"

	"github.com/panelkey/panelkey/errcode"
	"github.com/panelkey/panelkey/secretarg"
	"github.com/panelkey/panelkey/ui"
	"github.com/panelkey/panelkey/vault"
)

// The worker's vault (docs/architecture.md, "The write chain"): the service
// worker decrypts chunks and hands their texts here; the engine holds the
// vault they make, in part (what edits and reads needed so far), applies the
// write chain's edits to it and says which chunks to store. A call that needs a
// chunk not loaded answers {need: [ids]}: the worker loads them and calls
// again. The worker drops it (vaultClose) at lock and whenever storage moved
// on without it.
var held *vault.Vault

// staged is an import read in full (vaultStage) and not yet applied: a
// vaultEdit with replace puts it in place of the held vault (an import into
// an unlocked vault), vaultFromStaged makes it the held one (into a fresh
// profile). The worker drops it (vaultUnstage) once the import is stored or
// failed, and Lock drops it with the held vault.
var staged *vault.Vault

// firstRows is how many rows a page paints before it decrypts the rest (the
// popup's list): the chunks they need are kept in the index (vault.FirstChunks).
const firstRows = ui.MaxListed

type needReply struct {
	Need []string `json:"need"`
}

func hold(v *vault.Vault) *vault.Vault {
	v.Policy.SecretArg = secretarg.Is
	held = v
	return v
}

func heldVault() (*vault.Vault, error) {
	if held == nil {
		return nil, &vault.Error{Code: vault.CodeNotLoaded, Message: "The vault is not open in the engine."}
	}
	return held, nil
}

// firstReply goes with a whole vault's chunks (given back as texts), for a
// new generation of every one: the chunks a first paint reads.
type firstReply struct {
	First []string `json:"first"`
}

func allChunks(v *vault.Vault) (any, map[string]string, error) {
	chunks, err := v.Chunks()
	if err != nil {
		return nil, nil, err
	}
	return firstReply{v.FirstChunks(firstRows)}, chunks, nil
}

// editResult is one edit's outcome.
type editResult struct {
	OK    bool     `json:"ok"`
	ID    string   `json:"id,omitempty"`
	IDs   []string `json:"ids,omitempty"`
	Count int      `json:"count,omitempty"`
	Error *errJSON `json:"error,omitempty"`
}

type errJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func failed(err error) editResult {
	code, msg := errcode.Of(err)
	r := editResult{Error: &errJSON{Code: code, Message: msg}}
	if ve, ok := err.(*vault.Error); ok {
		r.Error.Field = ve.Field
	}
	return r
}

func init() {
	// vaultLoad: the texts are chunks ({id: text}) the worker decrypted.
	registerBulk("vaultLoad", func(in struct {
		Reset bool `json:"reset"`
	}, chunks map[string]string) (any, map[string]string, error) {
		if meta, ok := chunks[vault.ChunkMeta]; ok || in.Reset || held == nil {
			v, err := vault.Open(meta)
			if err != nil {
				held = nil
				return nil, nil, err
			}
			hold(v)
		}
		for id, text := range chunks {
			if id == vault.ChunkMeta {
				continue
			}
			if err := held.Load(id, text); err != nil {
				held = nil
				return nil, nil, err
			}
		}
		return struct{}{}, nil, nil
	})

	// vaultClose drops the held vault, and the staged import unless keepStaged (a commit applied again), and
	// collects what they held at once. An engine that held neither has nothing to collect: the worker closes
	// the vault before opening it, also in an engine just started (a wake), where a collection would cost the
	// wake a whole GC cycle, most of it V8 compiling the collector's functions on their first call.
	register("vaultClose", func(in struct {
		KeepStaged bool `json:"keepStaged"`
	}) (any, error) {
		dropped := held != nil || (staged != nil && !in.KeepStaged)
		held = nil
		if !in.KeepStaged {
			staged = nil
		}
		if dropped {
			runtime.GC()
		}
		return struct{}{}, nil
	})

	// vaultEdit applies the write chain's batch of edits, each on its own:
	// one refused does not stop the others. Nothing is applied until every
	// chunk the batch reads is loaded. With replace, the staged import first
	// takes the held vault's place (vault.Replace). The chunks written are
	// given back as texts.
	registerBulk("vaultEdit", func(in struct {
		Edits   []json.RawMessage `json:"edits"`
		Replace bool              `json:"replace"`
	}, _ map[string]string) (any, map[string]string, error) {
		v, err := heldVault()
		if err != nil {
			return nil, nil, err
		}
		if in.Replace && staged == nil {
			return nil, nil, &vault.Error{Code: vault.CodeBadEdit, Message: "No import is read to replace the vault with."}
		}
		edits := make([]vault.Edit, len(in.Edits))
		results := make([]editResult, len(in.Edits))
		var need []string
		for i, text := range in.Edits {
			e, err := vault.DecodeEdit(string(text))
			if err != nil {
				results[i] = failed(err)
				continue
			}
			edits[i] = e
			for _, id := range v.Needs(e) {
				if !slices.Contains(need, id) {
					need = append(need, id)
				}
			}
		}
		if len(need) > 0 {
			return needReply{need}, nil, nil
		}
		if in.Replace {
			if _, err := v.Apply(vault.Replace{Other: staged}); err != nil {
				return nil, nil, err
			}
		}
		for i, e := range edits {
			if e == nil {
				continue
			}
			r, err := v.Apply(e)
			if err != nil {
				results[i] = failed(err)
				continue
			}
			results[i] = editResult{OK: true, ID: r.ID, IDs: r.IDs, Count: r.Count}
		}
		written, removed, err := v.Changes()
		if err != nil {
			return nil, nil, err
		}
		return struct {
			Results         []editResult `json:"results"`
			Removed         []string     `json:"removed"`
			First           []string     `json:"first"`
			AutoLockMinutes int          `json:"autoLockMinutes"`
		}{results, nonNilStrings(removed), v.FirstChunks(firstRows), v.Settings.AutoLock()}, written, nil
	})

	// vaultDocument gives the whole document as the text "document".
	registerBulk("vaultDocument", func(struct{}, map[string]string) (any, map[string]string, error) {
		v, err := heldVault()
		if err != nil {
			return nil, nil, err
		}
		if ids := v.Unloaded(); len(ids) > 0 {
			return needReply{ids}, nil, nil
		}
		text, err := v.Document()
		if err != nil {
			return nil, nil, err
		}
		return struct{}{}, map[string]string{"document": text}, nil
	})

	// vaultNew is a new user's empty vault; its chunks are given back as texts.
	registerBulk("vaultNew", func(in struct {
		AutoLockMinutes int `json:"autoLockMinutes"`
	}, _ map[string]string) (any, map[string]string, error) {
		v := hold(vault.New())
		v.Settings.AutoLockMinutes = in.AutoLockMinutes
		return allChunks(v)
	})

	// vaultFromDocument makes a vault of a document (the text "document":
	// format 1's) and checks that its chunks, given back as texts, give the
	// same document back: nothing is lost on the way to format 2.
	// autoLockMinutes: the setting format 1 kept outside the vault, taken in
	// when the document has none.
	registerBulk("vaultFromDocument", func(in struct {
		AutoLockMinutes int `json:"autoLockMinutes"`
	}, texts map[string]string) (any, map[string]string, error) {
		v, err := vault.Decode(texts["document"])
		if err != nil {
			return nil, nil, err
		}
		if err := takeSetting(v, in.AutoLockMinutes); err != nil {
			return nil, nil, err
		}
		reply, chunks, err := allChunks(v)
		if err != nil {
			return nil, nil, err
		}
		if err := sameDocument(v, chunks); err != nil {
			return nil, nil, err
		}
		v.Changes() // every chunk is in the new generation already
		hold(v)
		return reply, chunks, nil
	})

	// vaultStage reads an import in full and keeps it staged (see staged):
	// the texts are an export's chunks ({id: text}), or with document, a
	// document (the text "document": a format 1 export's). It answers what the
	// import holds. The held vault is not touched.
	registerBulk("vaultStage", func(in struct {
		Document bool `json:"document"`
	}, texts map[string]string) (any, map[string]string, error) {
		staged = nil
		var v *vault.Vault
		var err error
		if in.Document {
			v, err = vault.Decode(texts["document"])
		} else {
			v, err = reopen(texts)
		}
		if err != nil {
			return nil, nil, err
		}
		staged = v
		accounts := 0
		for i := range v.Servers {
			accounts += v.Servers[i].AccountCount()
		}
		return struct {
			Servers        int `json:"servers"`
			Accounts       int `json:"accounts"`
			Authenticators int `json:"authenticators"`
		}{len(v.Servers), accounts, len(v.Authenticators)}, nil, nil
	})

	// vaultUnstage drops the staged import.
	register("vaultUnstage", func(struct{}) (any, error) {
		staged = nil
		return struct{}{}, nil
	})

	// vaultFromStaged makes the staged import the held vault, for a profile
	// without one (its chunks given back as texts). autoLockMinutes: this
	// browser's setting, taken in when the import has none.
	registerBulk("vaultFromStaged", func(in struct {
		AutoLockMinutes int `json:"autoLockMinutes"`
	}, _ map[string]string) (any, map[string]string, error) {
		if staged == nil {
			return nil, nil, &vault.Error{Code: vault.CodeBadEdit, Message: "No import is read."}
		}
		v := staged
		if err := takeSetting(v, in.AutoLockMinutes); err != nil {
			return nil, nil, err
		}
		reply, chunks, err := allChunks(v)
		if err != nil {
			return nil, nil, err
		}
		v.Changes() // every chunk is in the new generation already
		staged = nil
		hold(v)
		return reply, chunks, nil
	})
}

// takeSetting gives v the auto-lock delay minutes when it has none (a vault
// from format 1, which kept it outside, or an import into a fresh profile).
func takeSetting(v *vault.Vault, minutes int) error {
	if v.Settings.AutoLockMinutes != 0 || minutes == 0 {
		return nil
	}
	_, err := v.Apply(vault.SetSettings{AutoLockMinutes: minutes})
	return err
}

// reopen makes a vault of all its chunks.
func reopen(chunks map[string]string) (*vault.Vault, error) {
	v, err := vault.Open(chunks[vault.ChunkMeta])
	if err != nil {
		return nil, err
	}
	for id, text := range chunks {
		if id != vault.ChunkMeta {
			if err := v.Load(id, text); err != nil {
				return nil, err
			}
		}
	}
	if !v.Loaded() {
		return nil, &vault.Error{Code: vault.CodeCorrupt, Message: "The saved vault is damaged: a chunk is missing."}
	}
	return v, nil
}

// sameDocument checks that chunks open as v's document.
func sameDocument(v *vault.Vault, chunks map[string]string) error {
	want, err := v.Document()
	if err != nil {
		return err
	}
	w, err := reopen(chunks)
	if err != nil {
		return err
	}
	if got, err := w.Document(); err != nil || got != want {
		return &vault.Error{Code: errcode.Internal, Message: "The vault's new form does not read back as the old one; nothing was changed."}
	}
	return nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
