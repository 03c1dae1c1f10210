package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// freshness measures how soon an article POSTed to a running `warta serve`
// can be found: one made-up report every interval, each with a word no
// other text holds, and the time from the start of its POST until a
// search for that word returns it, and until its event answers. With
// ingest set, a bulk load is POSTed beside it (serveBench.postFile), as a
// desk would see it while an archive is being loaded.
//
// Alerts are not timed here: they run on the same stored article once the
// POST has answered (docs/performance.md says what that means).
func (b *serveBench) freshness(ctx context.Context, out io.Writer, every time.Duration) error {
	base := strings.TrimSuffix(b.url, "/")
	client := &http.Client{Timeout: 5 * time.Minute}
	ctx, cancel := context.WithTimeout(ctx, b.duration)
	defer cancel()
	var wg sync.WaitGroup
	ingested := 0
	var ingestErr error
	if b.ingest != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ingested, ingestErr = b.postFile(ctx, client, base)
		}()
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	var posted, searchable, evented []time.Duration
	missed := 0
	tick := time.NewTicker(every)
	defer tick.Stop()
	for n := 0; ctx.Err() == nil; n++ {
		word := freshWord(r)
		start := time.Now()
		id, err := b.postOne(ctx, client, base, word, n)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return err
		}
		posted = append(posted, time.Since(start))
		found := false
		for ctx.Err() == nil && time.Since(start) < time.Minute {
			if ok, eventID := b.findFresh(ctx, client, base, word, id); ok {
				searchable = append(searchable, time.Since(start))
				if eventID != "" && b.get(ctx, client, base+"/api/v1/events/"+url.PathEscape(eventID)) == http.StatusOK {
					evented = append(evented, time.Since(start))
				}
				found = true
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !found && ctx.Err() == nil {
			missed++
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
	cancel()
	wg.Wait()
	fmt.Fprintf(out, "freshness %s: one report every %s for %s", base, every, b.duration)
	if b.ingest != "" {
		fmt.Fprintf(out, ", bulk ingest beside it (%d documents posted", ingested)
		if ingestErr != nil && !strings.Contains(ingestErr.Error(), "context") {
			fmt.Fprintf(out, "; it ended: %v", ingestErr)
		}
		fmt.Fprint(out, ")")
	}
	fmt.Fprintln(out)
	for _, row := range []struct {
		name string
		ds   []time.Duration
	}{{"POST answered", posted}, {"found by search", searchable}, {"its event served", evented}} {
		if len(row.ds) == 0 {
			fmt.Fprintf(out, "  %-18s none\n", row.name)
			continue
		}
		p50, p99 := percentiles(row.ds)
		fmt.Fprintf(out, "  %-18s %4d reports  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n", row.name, len(row.ds), ms(p50), ms(p99), ms(row.ds[len(row.ds)-1]))
	}
	if missed > 0 {
		fmt.Fprintf(out, "  %d report(s) not found within a minute\n", missed)
	}
	return nil
}

// freshWord is a word of consonants no Indonesian or English text holds,
// which the stemmer leaves as it is.
func freshWord(r *rand.Rand) string {
	const letters = "bcdfghjklmnpqrstvwxz"
	var b strings.Builder
	b.WriteString("zq")
	for range 10 {
		b.WriteByte(letters[r.IntN(len(letters))])
	}
	return b.String()
}

// postOne POSTs one made-up report holding word and returns its article ID.
func (b *serveBench) postOne(ctx context.Context, client *http.Client, base, word string, n int) (string, error) {
	now := time.Now().Format(time.RFC3339)
	doc := map[string]string{
		"id":        "fresh-" + word,
		"url":       "https://fresh.example/" + word,
		"outlet":    "fresh.example",
		"title":     fmt.Sprintf("Laporan %d tentang %s di Jakarta", n, word),
		"published": now,
		"text": fmt.Sprintf("Jakarta - Tim %s menggelar rapat di Jakarta pada hari ini untuk membahas laporan ke-%d. "+
			"Rapat itu dihadiri sejumlah pejabat daerah dan berlangsung dua jam.", word, n),
	}
	line, _ := json.Marshal(doc)
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/ingest?source=freshness", bytes.NewReader(append(line, '\n')))
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("bench freshness: post: %w", err)
	}
	defer resp.Body.Close()
	var res struct {
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return "", fmt.Errorf("bench freshness: ingest answered %s: %s", resp.Status, body)
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return "", fmt.Errorf("bench freshness: read the ingest answer: %w", err)
	}
	if len(res.Articles) == 0 {
		return "", nil
	}
	return res.Articles[0].ID, nil
}

// findFresh searches for word; it reports whether the article came back,
// and its event.
func (b *serveBench) findFresh(ctx context.Context, client *http.Client, base, word, id string) (bool, string) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/articles?q="+url.QueryEscape(word), nil)
	resp, err := client.Do(req)
	if err != nil {
		return false, ""
	}
	defer resp.Body.Close()
	var list struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&list) != nil {
		return false, ""
	}
	for _, h := range list.Hits {
		if id != "" && h.ID != id {
			continue
		}
		// Search hits do not carry the event; the article does.
		var art struct {
			EventID string `json:"event_id"`
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/articles/"+url.PathEscape(h.ID), nil)
		if resp, err := client.Do(req); err == nil {
			json.NewDecoder(resp.Body).Decode(&art)
			resp.Body.Close()
		}
		return true, art.EventID
	}
	return false, ""
}

func (b *serveBench) get(ctx context.Context, client *http.Client, u string) int {
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
