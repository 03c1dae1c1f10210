package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/event"
	"github.com/warta-news/warta/internal/outbound"
	"github.com/warta-news/warta/internal/search"
)

// Check validates what Validate cannot: that the query parses, that it is
// more than exclusions, that its event types exist, and that the webhook
// is an absolute http(s) URL that g (nil: public addresses only) lets
// posts reach, as far as can be told before connecting (an IP literal or
// localhost; names are checked again at every connect).
func Check(a *warta.Alert, s *search.Searcher, g *outbound.Guard) error {
	if err := a.Validate(); err != nil {
		return err
	}
	q, err := s.Parse(a.Query)
	if err != nil {
		return err
	}
	if len(q.Not) > 0 && len(q.Terms) == 0 && len(q.Phrases) == 0 {
		return warta.Errorf(warta.EINVALID, "query %q only excludes words: say what to look for", a.Query)
	}
	// A type no event has would match nothing, forever, in silence.
	types := event.Types()
	for _, t := range a.EventTypes {
		if t = strings.ToUpper(strings.TrimSpace(t)); t != "" && !slices.Contains(types, t) {
			return warta.Errorf(warta.EINVALID, "event type %q unknown; types: %s", t, strings.Join(types, ", "))
		}
	}
	if a.Webhook != "" {
		u, err := url.Parse(a.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return warta.Errorf(warta.EINVALID, "webhook %q: want an absolute http or https URL", a.Webhook)
		}
		if g == nil {
			g = &outbound.Guard{}
		}
		if err := g.CheckHost(u.Hostname()); err != nil {
			return warta.Errorf(warta.EINVALID, "webhook %s: %v (set webhook_allow_private to allow it)", Redact(a.Webhook), err)
		}
	}
	return nil
}

// Query is the search an alert runs: its words parsed, plus its entities
// and event types.
func Query(a *warta.Alert, s *search.Searcher) (warta.SearchQuery, error) {
	q, err := s.Parse(a.Query)
	if err != nil {
		return q, err
	}
	q.Entities = a.Entities
	q.EventTypes = a.EventTypes
	return q, nil
}

// Notifier matches alerts and delivers webhooks. Set Store and Searcher;
// the rest has defaults.
type Notifier struct {
	Store    warta.Store
	Searcher *search.Searcher
	// Client posts webhooks; nil means a client with a 10-second timeout
	// through an outbound.Guard that allows public addresses only.
	Client *http.Client
	// MaxAttempts is how many times a delivery is tried before it is given
	// up (default 5). The wait after attempt n is Backoff·2^(n-1), capped
	// at MaxBackoff, of which a random half is jitter, so that receivers
	// coming back up are not hit by every sender at once.
	MaxAttempts int
	Backoff     time.Duration // default 2s
	MaxBackoff  time.Duration // default 5m
	// BaseURL prefixes article links in payloads ("http://host:8080");
	// empty leaves them relative.
	BaseURL   string
	UserAgent string
	// Now, Sleep and Jitter are the clock, the wait and the random source;
	// tests replace them.
	Now    func() time.Time
	Sleep  func(ctx context.Context, d time.Duration) error
	Jitter func() float64
	Logger *slog.Logger
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) logger() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.Default().With("component", "alert")
}

func (n *Notifier) maxAttempts() int {
	if n.MaxAttempts > 0 {
		return n.MaxAttempts
	}
	return 5
}

// Delay is the wait after the given failed attempt (1-based), with jitter.
func (n *Notifier) Delay(attempt int) time.Duration {
	base, top := n.Backoff, n.MaxBackoff
	if base <= 0 {
		base = 2 * time.Second
	}
	if top <= 0 {
		top = 5 * time.Minute
	}
	d := base
	for i := 1; i < attempt && d < top; i++ {
		d *= 2
	}
	d = min(d, top)
	j := rand.Float64
	if n.Jitter != nil {
		j = n.Jitter
	}
	return d/2 + time.Duration(j()*float64(d/2))
}

func (n *Notifier) sleep(ctx context.Context, d time.Duration) error {
	if n.Sleep != nil {
		return n.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Match records, for every alert, the articles stored since its last
// match, and queues their deliveries. It returns how many matches it
// recorded. An alert whose query no longer parses is logged and skipped.
func (n *Notifier) Match(ctx context.Context) (int, error) {
	alerts, err := n.Store.Alerts(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, a := range alerts {
		q, err := Query(a, n.Searcher)
		if err != nil {
			n.logger().Warn("alert query does not parse", "alert_id", a.ID, "error", err)
			continue
		}
		k, err := n.Store.MatchAlert(ctx, a.ID, q, n.now())
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue // removed meanwhile
		} else if err != nil {
			return total, fmt.Errorf("match alert %d: %w", a.ID, err)
		}
		if k > 0 {
			n.logger().Info("alert matched", "alert_id", a.ID, "alert", a.Name, "matches", k)
		}
		total += k
	}
	return total, nil
}

// Deliver tries every delivery that is due once and stores the outcome of
// each attempt before the next. It returns how many were delivered.
func (n *Notifier) Deliver(ctx context.Context) (int, error) {
	delivered := 0
	tried := map[int64]bool{} // once per call, even if a retry is due at once
	for {
		due, err := n.Store.DueDeliveries(ctx, n.now(), 50)
		if err != nil {
			return delivered, err
		}
		fresh := 0
		for _, d := range due {
			if err := ctx.Err(); err != nil {
				return delivered, err
			}
			if tried[d.ID] {
				continue
			}
			tried[d.ID] = true
			fresh++
			ok, err := n.attempt(ctx, d)
			if err != nil {
				return delivered, err
			}
			if ok {
				delivered++
			}
		}
		if fresh == 0 {
			return delivered, nil
		}
	}
}

// DeliverOne makes one attempt at the delivery with the given ID if it is
// pending and due, and reports whether it was delivered; a delivery done,
// given up or not yet due is left alone. Workers sharing a database post
// each delivery from a job of its own.
func (n *Notifier) DeliverOne(ctx context.Context, id int64) (bool, error) {
	due, err := n.Store.DueDeliveries(ctx, n.now(), 1000)
	if err != nil {
		return false, err
	}
	for _, d := range due {
		if d.ID == id {
			return n.attempt(ctx, d)
		}
	}
	return false, nil
}

// Flush matches and then delivers until nothing is pending, waiting for
// retries as they come due; deliveries that keep failing are given up
// after MaxAttempts. The end of ctx stops it with everything stored, and a
// later run picks up the pending deliveries.
func (n *Notifier) Flush(ctx context.Context) error {
	if _, err := n.Match(ctx); err != nil {
		return err
	}
	for {
		if _, err := n.Deliver(ctx); err != nil {
			return err
		}
		next, ok, err := n.Store.NextDelivery(ctx)
		if err != nil || !ok {
			return err
		}
		if err := n.sleep(ctx, max(next.Sub(n.now()), 0)); err != nil {
			return err
		}
	}
}

// Run matches and delivers until ctx ends: at once, whenever poke
// receives, when the next retry is due, and at least every interval
// (articles may come from another process, such as warta ingest).
func (n *Notifier) Run(ctx context.Context, poke <-chan struct{}, interval time.Duration) {
	if interval <= 0 {
		interval = time.Minute
	}
	for {
		if _, err := n.Match(ctx); err != nil && ctx.Err() == nil {
			n.logger().Error("match alerts", "error", err)
		}
		if _, err := n.Deliver(ctx); err != nil && ctx.Err() == nil {
			n.logger().Error("deliver alerts", "error", err)
		}
		wait := interval
		if next, ok, err := n.Store.NextDelivery(ctx); err == nil && ok {
			wait = min(wait, max(next.Sub(n.now()), 0))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-poke:
		case <-t.C:
		}
		t.Stop()
	}
}

// publicClient posts webhooks when the Notifier has no Client.
var publicClient = (&outbound.Guard{}).PostClient(10 * time.Second)

// Payload is the JSON body of a webhook post.
type Payload struct {
	Alert      *warta.Alert `json:"alert"`
	DeliveryID int64        `json:"delivery_id"`
	Attempt    int          `json:"attempt"`
	Articles   []Item       `json:"articles"`
}

// Item is one matching article with the events it reports.
type Item struct {
	ID        string        `json:"id"`
	Title     string        `json:"title,omitempty"`
	Outlet    string        `json:"outlet,omitempty"`
	Published string        `json:"published,omitempty"`
	URL       string        `json:"url,omitempty"`
	Link      string        `json:"link"`
	Events    []warta.Event `json:"events"`
}

// payload builds the body of d from its matches: the same articles on
// every attempt. Articles deleted meanwhile are left out.
func (n *Notifier) payload(ctx context.Context, a *warta.Alert, d *warta.Delivery) (*Payload, error) {
	shown := *a
	shown.Webhook = Redact(a.Webhook)
	p := &Payload{Alert: &shown, DeliveryID: d.ID, Attempt: d.Attempts + 1, Articles: []Item{}}
	for _, id := range d.ArticleIDs {
		art, err := n.Store.Article(ctx, id)
		if warta.ErrorCode(err) == warta.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		it := Item{ID: art.ID, Title: art.Title, Outlet: art.Outlet, Published: art.Published, URL: art.URL,
			Link: strings.TrimSuffix(n.BaseURL, "/") + "/articles/" + art.ID, Events: []warta.Event{}}
		for _, e := range art.Events {
			if len(a.EventTypes) == 0 || containsFold(a.EventTypes, e.Type) {
				it.Events = append(it.Events, e)
			}
		}
		p.Articles = append(p.Articles, it)
	}
	return p, nil
}

func containsFold(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(x, y) {
			return true
		}
	}
	return false
}

// attempt posts d once and stores the outcome. It reports whether d was
// delivered; the error is for the store, not the webhook.
func (n *Notifier) attempt(ctx context.Context, d *warta.Delivery) (bool, error) {
	a, err := n.Store.Alert(ctx, d.AlertID)
	if warta.ErrorCode(err) == warta.ENOTFOUND {
		// Removed between listing and now: its deliveries go with it; make
		// sure this one is not tried forever if it lingers.
		d.State, d.DoneAt, d.LastError = warta.DeliveryFailed, n.now(), "alert removed"
		if err := n.Store.UpdateDelivery(ctx, d); err != nil && warta.ErrorCode(err) != warta.ENOTFOUND {
			return false, err
		}
		return false, nil
	} else if err != nil {
		return false, err
	}
	p, err := n.payload(ctx, a, d)
	if err != nil {
		return false, err
	}
	postErr := describe(n.post(ctx, a.Webhook, d, p))
	if ctx.Err() != nil {
		return false, ctx.Err() // not the receiver's fault: try again later, uncounted
	}
	d.Attempts++
	now := n.now()
	log := n.logger().With("alert_id", a.ID, "delivery_id", d.ID, "attempt", d.Attempts)
	switch {
	case postErr == nil:
		d.State, d.DoneAt, d.LastError = warta.DeliveryDelivered, now, ""
		log.Info("webhook delivered", "articles", len(p.Articles))
	case d.Attempts >= n.maxAttempts():
		d.State, d.DoneAt, d.LastError = warta.DeliveryFailed, now, postErr.Error()
		log.Warn("webhook given up", "error", postErr)
	default:
		d.LastError = postErr.Error()
		d.NextAt = now.Add(n.Delay(d.Attempts))
		log.Info("webhook failed, will retry", "error", postErr, "next_at", d.NextAt)
	}
	if err := n.Store.UpdateDelivery(ctx, d); err != nil {
		return false, fmt.Errorf("record delivery %d: %w", d.ID, err)
	}
	return postErr == nil, nil
}

// describe drops the URL that net/http puts in its errors: a webhook URL
// often holds a secret, and the error is stored and shown by the API.
func describe(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s webhook: %w", strings.ToLower(ue.Op), ue.Err)
	}
	return err
}

// Redact shows only the scheme and host of a webhook URL: the path and
// query of one (a Slack or Discord hook) are a credential, and alerts are
// readable without the token.
func Redact(webhook string) string {
	u, err := url.Parse(webhook)
	if err != nil || u.Host == "" {
		if webhook == "" {
			return ""
		}
		return "(set)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// post sends p. The Idempotency-Key is the delivery's ID: if warta dies
// after the receiver accepted a post but before it stored that, the retry
// after restart carries the same key, and the receiver can drop it.
func (n *Notifier) post(ctx context.Context, webhook string, d *warta.Delivery, p *Payload) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("warta-delivery-%d", d.ID))
	ua := n.UserAgent
	if ua == "" {
		ua = "warta"
	}
	req.Header.Set("User-Agent", ua)
	client := n.Client
	if client == nil {
		client = publicClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}
