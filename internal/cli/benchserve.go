package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// serveBench loads a running `warta serve` the way readers do: readers
// goroutines go round the main routes (search API and page, an article in
// JSON and HTML, an event, stats, entities, status) for duration, and
// what each request took is reported as rate and percentiles, with the
// statuses seen. With ingest set, one more client POSTs that JSONL file
// meanwhile, in bodies of 200 lines, as a bulk load would.
type serveBench struct {
	url      string
	readers  int
	duration time.Duration
	ingest   string
	token    string
}

// routeSample is one request's route, status and time.
type routeSample struct {
	route  string
	status int
	took   time.Duration
}

func (b *serveBench) run(ctx context.Context, out io.Writer) error {
	base := strings.TrimSuffix(b.url, "/")
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: b.readers + 2}}
	// Article and event IDs to ask for, from the store itself.
	var list struct {
		Hits []struct {
			ID      string `json:"id"`
			EventID string `json:"event_id"`
		} `json:"hits"`
	}
	resp, err := client.Get(base + "/api/v1/articles?limit=200")
	if err != nil {
		return fmt.Errorf("bench serve: list articles: %w", err)
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || len(list.Hits) == 0 {
		return fmt.Errorf("bench serve: the store has no articles to read (%v)", err)
	}
	var ids, events []string
	for _, a := range list.Hits {
		ids = append(ids, a.ID)
		if a.EventID != "" {
			events = append(events, a.EventID)
		}
	}
	words := []string{"banjir", "presiden", "jokowi", "gempa", "kpk", "menteri", "polisi", "jakarta", "pemilu", "korupsi"}
	routes := []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"GET /api/v1/articles?q=", func(r *rand.Rand) string { return "/api/v1/articles?q=" + url.QueryEscape(words[r.IntN(len(words))]) }},
		{"GET /?q= (search page)", func(r *rand.Rand) string { return "/?q=" + url.QueryEscape(words[r.IntN(len(words))]) }},
		{"GET /api/v1/articles/{id}", func(r *rand.Rand) string { return "/api/v1/articles/" + ids[r.IntN(len(ids))] }},
		{"GET /articles/{id}", func(r *rand.Rand) string { return "/articles/" + ids[r.IntN(len(ids))] }},
		{"GET /api/v1/events/{id}", func(r *rand.Rand) string {
			if len(events) == 0 {
				return "/api/v1/stats"
			}
			return "/api/v1/events/" + events[r.IntN(len(events))]
		}},
		{"GET /api/v1/stats", func(*rand.Rand) string { return "/api/v1/stats" }},
		{"GET /api/v1/entities?q=", func(r *rand.Rand) string {
			return "/api/v1/entities?limit=20&q=" + url.QueryEscape(words[r.IntN(len(words))])
		}},
		{"GET /status", func(*rand.Rand) string { return "/status" }},
	}
	ctx, cancel := context.WithTimeout(ctx, b.duration)
	defer cancel()
	var mu sync.Mutex
	var samples []routeSample
	var wg sync.WaitGroup
	for i := range b.readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			for n := i; ctx.Err() == nil; n++ {
				rt := routes[n%len(routes)]
				req, _ := http.NewRequestWithContext(ctx, "GET", base+rt.path(r), nil)
				start := time.Now()
				resp, err := client.Do(req)
				status := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				if ctx.Err() != nil {
					return // cut by the end of the run: not a sample
				}
				mu.Lock()
				samples = append(samples, routeSample{rt.name, status, time.Since(start)})
				mu.Unlock()
			}
		}()
	}
	ingested := 0
	var ingestErr error
	if b.ingest != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ingested, ingestErr = b.postFile(ctx, client, base)
		}()
	}
	wg.Wait()
	if ingestErr != nil && ctx.Err() == nil {
		return ingestErr
	}
	fmt.Fprintf(out, "serve %s: %d readers for %s", base, b.readers, b.duration)
	if b.ingest != "" {
		fmt.Fprintf(out, ", bulk ingest beside them (%d documents posted)", ingested)
	}
	fmt.Fprintln(out)
	printSamples(out, "all routes", samples, b.duration)
	byRoute := map[string][]routeSample{}
	for _, s := range samples {
		byRoute[s.route] = append(byRoute[s.route], s)
	}
	for _, rt := range routes {
		printSamples(out, rt.name, byRoute[rt.name], b.duration)
	}
	return nil
}

// postFile POSTs the JSONL file in bodies of 200 lines until it is all
// sent or ctx ends, and returns the lines sent.
func (b *serveBench) postFile(ctx context.Context, client *http.Client, base string) (int, error) {
	f, err := os.Open(b.ingest)
	if err != nil {
		return 0, fmt.Errorf("bench serve: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	sent := 0
	var body bytes.Buffer
	n := 0
	post := func() error {
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/ingest?source=bench", bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+b.token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("bench serve: ingest answered %s", resp.Status)
		}
		sent += n
		body.Reset()
		n = 0
		return nil
	}
	for sc.Scan() && ctx.Err() == nil {
		body.Write(sc.Bytes())
		body.WriteByte('\n')
		if n++; n == 200 {
			if err := post(); err != nil {
				return sent, err
			}
		}
	}
	if n > 0 && ctx.Err() == nil {
		if err := post(); err != nil {
			return sent, err
		}
	}
	return sent, sc.Err()
}

// printSamples prints the rate, percentiles and statuses of samples.
func printSamples(out io.Writer, name string, ss []routeSample, d time.Duration) {
	if len(ss) == 0 {
		fmt.Fprintf(out, "  %-28s no requests\n", name)
		return
	}
	ts := make([]time.Duration, len(ss))
	statuses := map[int]int{}
	for i, s := range ss {
		ts[i] = s.took
		statuses[s.status]++
	}
	slices.Sort(ts)
	pct := func(p float64) float64 {
		return float64(ts[min(len(ts)-1, int(p*float64(len(ts))))].Microseconds()) / 1000
	}
	fmt.Fprintf(out, "  %-28s %6d requests %7.1f/s  p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  max %7.1f ms  statuses %v\n",
		name, len(ss), float64(len(ss))/d.Seconds(), pct(0.5), pct(0.9), pct(0.99), float64(ts[len(ts)-1].Microseconds())/1000, statuses)
}
