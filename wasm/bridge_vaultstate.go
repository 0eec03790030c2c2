//go:build js && wasm && !popup

package main

import (
	"encoding/json"
	"runtime"
	"slices"

	"github.com/panelkey/panelkey/apiconsole"
	"github.com/panelkey/panelkey/errcode"
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

// firstRows is how many rows a page paints before it decrypts the rest (the
// popup's list): the chunks they need are kept in the index (vault.FirstChunks).
const firstRows = ui.MaxListed

type needReply struct {
	Need []string `json:"need"`
}

func hold(v *vault.Vault) *vault.Vault {
	v.Policy.SecretArg = apiconsole.SecretArg
	held = v
	return v
}

func heldVault() (*vault.Vault, error) {
	if held == nil {
		return nil, &vault.Error{Code: vault.CodeNotLoaded, Message: "The vault is not open in the engine."}
	}
	return held, nil
}

// chunksReply is a whole vault's chunks, for a new generation of every one.
type chunksReply struct {
	Chunks map[string]string `json:"chunks"`
	First  []string          `json:"first"`
}

func allChunks(v *vault.Vault) (chunksReply, error) {
	chunks, err := v.Chunks()
	return chunksReply{Chunks: chunks, First: v.FirstChunks(firstRows)}, err
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
	register("vaultLoad", func(in struct {
		Reset  bool              `json:"reset"`
		Chunks map[string]string `json:"chunks"`
	}) (any, error) {
		if meta, ok := in.Chunks[vault.ChunkMeta]; ok || in.Reset || held == nil {
			v, err := vault.Open(meta)
			if err != nil {
				held = nil
				return nil, err
			}
			hold(v)
		}
		for id, text := range in.Chunks {
			if id == vault.ChunkMeta {
				continue
			}
			if err := held.Load(id, text); err != nil {
				held = nil
				return nil, err
			}
		}
		return struct{}{}, nil
	})

	register("vaultClose", func(struct{}) (any, error) {
		held = nil
		runtime.GC()
		return struct{}{}, nil
	})

	// vaultEdit applies the write chain's batch of edits, each on its own:
	// one refused does not stop the others. Nothing is applied until every
	// chunk the batch reads is loaded.
	register("vaultEdit", func(in struct {
		Edits []json.RawMessage `json:"edits"`
	}) (any, error) {
		v, err := heldVault()
		if err != nil {
			return nil, err
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
			return needReply{need}, nil
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
			return nil, err
		}
		return struct {
			Results         []editResult      `json:"results"`
			Written         map[string]string `json:"written"`
			Removed         []string          `json:"removed"`
			First           []string          `json:"first"`
			AutoLockMinutes int               `json:"autoLockMinutes"`
		}{results, written, nonNilStrings(removed), v.FirstChunks(firstRows), v.Settings.AutoLock()}, nil
	})

	register("vaultDocument", func(struct{}) (any, error) {
		v, err := heldVault()
		if err != nil {
			return nil, err
		}
		if ids := v.Unloaded(); len(ids) > 0 {
			return needReply{ids}, nil
		}
		text, err := v.Document()
		return struct {
			Text string `json:"text"`
		}{text}, err
	})

	// vaultNew is a new user's empty vault.
	register("vaultNew", func(in struct {
		AutoLockMinutes int `json:"autoLockMinutes"`
	}) (any, error) {
		v := hold(vault.New())
		v.Settings.AutoLockMinutes = in.AutoLockMinutes
		return allChunks(v)
	})

	// vaultFromDocument makes a vault of a document (format 1's, an export's)
	// and checks that its chunks give the same document back: nothing is
	// lost on the way to format 2. autoLockMinutes: the setting format 1
	// kept outside the vault, taken in when the document has none.
	register("vaultFromDocument", func(in struct {
		Document        string `json:"document"`
		AutoLockMinutes int    `json:"autoLockMinutes"`
	}) (any, error) {
		v, err := vault.Decode(in.Document)
		if err != nil {
			return nil, err
		}
		if v.Settings.AutoLockMinutes == 0 && in.AutoLockMinutes != 0 {
			if _, err := v.Apply(vault.SetSettings{AutoLockMinutes: in.AutoLockMinutes}); err != nil {
				return nil, err
			}
		}
		out, err := allChunks(v)
		if err != nil {
			return nil, err
		}
		if err := sameDocument(v, out.Chunks); err != nil {
			return nil, err
		}
		hold(v)
		return out, nil
	})

	// vaultImport reads an export's chunks (or a format 1 export's document)
	// and gives the document, for the vault.replace edit of an unlocked
	// vault. The held vault is not touched.
	register("vaultImport", func(in struct {
		Chunks   map[string]string `json:"chunks"`
		Document string            `json:"document"`
	}) (any, error) {
		var v *vault.Vault
		var err error
		if in.Chunks != nil {
			v, err = reopen(in.Chunks)
		} else {
			v, err = vault.Decode(in.Document)
		}
		if err != nil {
			return nil, err
		}
		text, err := v.Document()
		return struct {
			Document string `json:"document"`
		}{text}, err
	})
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
