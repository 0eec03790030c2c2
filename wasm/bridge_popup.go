//go:build js && wasm

package main

import (
	"github.com/panelkey/panelkey/locale"
	"github.com/panelkey/panelkey/totp"
	"github.com/panelkey/panelkey/ui"
)

// popupCatalog is the pages' message catalog the popup's list is rendered
// in: the last one popupList was given (a worker sends it again only when a
// popup reads another).
var popupCatalog *locale.Catalog

// popupListReply is the popup's first list as HTML; "" for a vault without
// rows (the popup says so itself).
type popupListReply struct {
	HTML string `json:"html"`
}

func init() {
	// popupList is the popup's list as it opens (ui.FirstList: its first
	// rows, nothing typed) with their codes at now, each server's at its
	// learnt clock offset (clocks: seconds by server id, as the popup reads
	// them), rendered from the vault the engine holds in the catalog's words
	// (catalog: the page's, as locale.ParseWithFallback reads it; kept for
	// the next calls, which may leave it out). The worker answers the popup
	// with it when its engine is already running, so the popup paints while
	// its own program starts. It asks for the chunks those rows are in first
	// ({need}).
	register("popupList", func(in struct {
		clock
		Clocks  map[string]float64 `json:"clocks"`
		Catalog *struct {
			Lang     string `json:"lang"`
			Text     string `json:"text"`
			Fallback string `json:"fallback"`
		} `json:"catalog"`
	}) (any, error) {
		if in.Catalog != nil {
			c, err := locale.ParseWithFallback(in.Catalog.Lang, in.Catalog.Text, in.Catalog.Fallback)
			if err != nil {
				return nil, err
			}
			popupCatalog = c
		}
		if popupCatalog == nil {
			return nil, badInput("catalog: the pages' catalog is needed once")
		}
		v, err := heldVault()
		if err != nil {
			return nil, err
		}
		first := map[string]bool{}
		for _, id := range v.FirstChunks(ui.MaxListed) {
			first[id] = true
		}
		var need []string
		for _, id := range v.Unloaded() {
			if first[id] {
				need = append(need, id)
			}
		}
		if len(need) > 0 {
			return needReply{Need: need}, nil
		}
		now, err := in.at()
		if err != nil {
			return nil, err
		}
		clocks := ui.Clocks{}
		for id, s := range in.Clocks {
			if d, ok := totp.OffsetFromSeconds(s); ok {
				clocks[id] = d
			}
		}
		if ui.RowCount(v) == 0 {
			return popupListReply{}, nil
		}
		return popupListReply{HTML: ui.FirstList(popupCatalog, v, clocks, now).List.HTML()}, nil
	})
}
