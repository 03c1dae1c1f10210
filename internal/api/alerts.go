package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/alert"
)

// alertView is an alert with where to read its feed.
type alertView struct {
	*warta.Alert
	Feed string `json:"feed"`
}

// viewAlert shows a with its webhook redacted to scheme and host: reads
// are open, and a webhook URL's path is often its secret.
func viewAlert(a *warta.Alert) alertView {
	shown := *a
	shown.Webhook = alert.Redact(a.Webhook)
	return alertView{Alert: &shown, Feed: fmt.Sprintf("/api/v1/alerts/%d/feed.atom", a.ID)}
}

func (h *Handler) listAlerts(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 100, 500)
	if err != nil {
		h.error(w, r, err)
		return
	}
	off, err := offsetCursor(r, "a")
	if err != nil {
		h.error(w, r, err)
		return
	}
	all, err := h.Store.Alerts(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	views := make([]alertView, 0, len(all))
	for _, a := range all {
		views = append(views, viewAlert(a))
	}
	out := struct {
		Alerts     []alertView `json:"alerts"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}{}
	out.Alerts, out.NextCursor = page(views, off, limit, "a")
	writeJSON(w, http.StatusOK, out)
}

// alertInput is the body of POST /api/v1/alerts.
type alertInput struct {
	Name       string   `json:"name"`
	Query      string   `json:"query"`
	Entities   []string `json:"entities"`
	EventTypes []string `json:"event_types"`
	Webhook    string   `json:"webhook"`
}

func (h *Handler) addAlert(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	var in alertInput
	if err := dec.Decode(&in); err != nil {
		h.error(w, r, warta.Errorf(warta.EINVALID, "body: want a JSON object with name, query, entities, event_types, webhook: %v", err))
		return
	}
	// Entities are stored by ID: "jokowi" means Joko Widodo here as in
	// every filter, and keeps meaning him when new names are learned.
	ids, _, err := h.query().ResolveAll(r.Context(), in.Entities)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if len(in.Entities) == 0 {
		ids = nil
	}
	a := &warta.Alert{Name: in.Name, Query: in.Query, Entities: ids, EventTypes: in.EventTypes, Webhook: in.Webhook}
	if err := alert.Check(a, h.Searcher, h.Outbound); err != nil {
		h.error(w, r, err)
		return
	}
	if err := h.Store.AddAlert(r.Context(), a); err != nil {
		h.error(w, r, err)
		return
	}
	v := viewAlert(a)
	w.Header().Set("Location", fmt.Sprintf("/api/v1/alerts/%d", a.ID))
	writeJSON(w, http.StatusCreated, v)
}

func (h *Handler) alertParam(w http.ResponseWriter, r *http.Request) (*warta.Alert, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.error(w, r, warta.Errorf(warta.ENOTFOUND, "alert %s not found", r.PathValue("id")))
		return nil, false
	}
	a, err := h.Store.Alert(r.Context(), id)
	if err != nil {
		h.error(w, r, err)
		return nil, false
	}
	return a, true
}

// getAlert shows an alert with its latest matches and deliveries, so a
// user can see whether the webhook works.
func (h *Handler) getAlert(w http.ResponseWriter, r *http.Request) {
	a, ok := h.alertParam(w, r)
	if !ok {
		return
	}
	ms, err := h.Store.AlertMatches(r.Context(), a.ID, 20)
	if err != nil {
		h.error(w, r, err)
		return
	}
	ds, err := h.Store.Deliveries(r.Context(), a.ID, 20)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if ms == nil {
		ms = []warta.AlertMatch{}
	}
	if ds == nil {
		ds = []*warta.Delivery{}
	}
	// Reads are open, but a delivery error ("connection refused" on a
	// port) would make the server a port prober for anyone: only the
	// token's holder sees them.
	if checkToken(h.Token, r) != tokenOK {
		for _, d := range ds {
			if d.LastError != "" {
				d.LastError = "hidden: send the bearer token to see delivery errors"
			}
		}
	}
	writeJSON(w, http.StatusOK, struct {
		alertView
		Matches    []warta.AlertMatch `json:"matches"`
		Deliveries []*warta.Delivery  `json:"deliveries"`
	}{viewAlert(a), ms, ds})
}

func (h *Handler) removeAlert(w http.ResponseWriter, r *http.Request) {
	a, ok := h.alertParam(w, r)
	if !ok {
		return
	}
	if err := h.Store.RemoveAlert(r.Context(), a.ID); err != nil {
		h.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) alertFeed(w http.ResponseWriter, r *http.Request) {
	a, ok := h.alertParam(w, r)
	if !ok {
		return
	}
	// Built whole before the first byte (fifty entries at most), so a
	// store error is still a problem response, not half a feed.
	var buf bytes.Buffer
	if err := alert.WriteFeed(r.Context(), &buf, h.Store, a, h.BaseURL, 50); err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(buf.Bytes())
}
