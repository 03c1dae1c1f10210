package warta

import (
	"context"
	"strings"
	"time"
)

// Alert is a saved search: words in the search syntax, entities and event
// types. Articles stored after it was saved that match it are its matches;
// they make its Atom feed and, when Webhook is set, are posted there.
type Alert struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Query is in the search syntax ("kunjungan outlet:kompas.com").
	Query string `json:"query,omitempty"`
	// Entities are entity IDs or canonical names; a match names them all.
	Entities []string `json:"entities,omitempty"`
	// EventTypes are PLOVER types; a match reports an event of one of them.
	EventTypes []string `json:"event_types,omitempty"`
	// Webhook is an http(s) URL that receives new matches, or "".
	Webhook string `json:"webhook,omitempty"`
	// Backfill, set when the alert is added, makes the articles already
	// stored candidates for its first match too, as if they had arrived
	// after it: a journalist who saves a search wants the archive's
	// answers, not only tomorrow's. It is not stored.
	Backfill  bool      `json:"backfill,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate reports whether a can be saved.
func (a *Alert) Validate() error {
	switch {
	case a.Name == "":
		return Errorf(EINVALID, "an alert needs a name")
	case len(a.Name) > 200:
		return Errorf(EINVALID, "alert name longer than 200 bytes")
	case a.Query == "" && len(a.Entities) == 0 && len(a.EventTypes) == 0:
		return Errorf(EINVALID, "alert %q matches everything: give words, an entity or an event type", a.Name)
	}
	return nil
}

// Normalize trims the name, drops empty and repeated entities and event
// types, and upper-cases the types, as the stores do before saving.
func (a *Alert) Normalize() {
	a.Name = strings.TrimSpace(a.Name)
	a.Entities = trimmed(a.Entities)
	a.EventTypes = trimmed(a.EventTypes)
	for i, t := range a.EventTypes {
		a.EventTypes[i] = strings.ToUpper(t)
	}
}

// trimmed drops empty and repeated entries, keeping order.
func trimmed(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// AlertMatch is one article that matched an alert.
type AlertMatch struct {
	AlertID   int64     `json:"alert_id"`
	ArticleID string    `json:"article_id"`
	MatchedAt time.Time `json:"matched_at"`
}

// Delivery states.
const (
	DeliveryPending   = "pending"   // not yet delivered; NextAt says when to try
	DeliveryDelivered = "delivered" // the webhook answered 2xx
	DeliveryFailed    = "failed"    // given up after the last attempt
)

// Delivery is one webhook post of an alert's new matches. Its matches are
// fixed when it is created, so every attempt sends the same body, and its
// state is stored after every attempt, so a restart neither loses nor
// repeats it.
type Delivery struct {
	ID         int64     `json:"id"`
	AlertID    int64     `json:"alert_id"`
	State      string    `json:"state"`
	Attempts   int       `json:"attempts"`
	NextAt     time.Time `json:"next_at,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	DoneAt     time.Time `json:"done_at,omitzero"`
	ArticleIDs []string  `json:"article_ids"`
}

// AlertStore keeps alerts, their matches and webhook deliveries.
type AlertStore interface {
	// AddAlert saves a and sets its ID and CreatedAt. Articles already
	// stored are not matches, unless a.Backfill: then the next MatchAlert
	// considers every stored article. It returns EINVALID when a fails Validate
	// and ECONFLICT when the name is taken.
	AddAlert(ctx context.Context, a *Alert) error
	// Alerts lists alerts by ID.
	Alerts(ctx context.Context) ([]*Alert, error)
	// Alert returns one alert, or ENOTFOUND.
	Alert(ctx context.Context, id int64) (*Alert, error)
	// RemoveAlert deletes an alert with its matches and deliveries, or
	// returns ENOTFOUND.
	RemoveAlert(ctx context.Context, id int64) error
	// MatchAlert records as matches the articles stored since the last
	// call for this alert that satisfy q (the alert's query, parsed by the
	// caller), and, when the alert has a webhook, puts them in one new
	// pending delivery due at now, all in one transaction. It returns how
	// many matches it recorded; ENOTFOUND when the alert is gone.
	MatchAlert(ctx context.Context, id int64, q SearchQuery, now time.Time) (int, error)
	// AlertMatches returns an alert's most recent matches, newest first.
	AlertMatches(ctx context.Context, id int64, limit int) ([]AlertMatch, error)
	// DueDeliveries returns pending deliveries whose NextAt is not after
	// now, oldest first, at most limit.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*Delivery, error)
	// NextDelivery returns when the earliest pending delivery is due, and
	// false when none is pending.
	NextDelivery(ctx context.Context) (time.Time, bool, error)
	// UpdateDelivery saves the state, attempts, NextAt, LastError and
	// DoneAt of d; ENOTFOUND when it is gone.
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// Deliveries returns an alert's deliveries, newest first, at most limit.
	Deliveries(ctx context.Context, alertID int64, limit int) ([]*Delivery, error)
}
