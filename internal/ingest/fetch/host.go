package fetch

import (
	"context"
	"sync"
	"time"
)

// hostGate lets one request at a time through to each host, and makes
// each wait until the host's delay has passed since the previous request
// ended. Waiting requests hold no goroutine beyond their caller's.
type hostGate struct {
	mu    sync.Mutex
	hosts map[string]*hostSlot
	now   func() time.Time
}

type hostSlot struct {
	turn  chan struct{} // holds a token while nobody has the host
	next  time.Time     // earliest start of the next request
	users int           // callers holding or waiting for the slot
}

func (g *hostGate) slot(host string) *hostSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hosts == nil {
		g.hosts = map[string]*hostSlot{}
	}
	s := g.hosts[host]
	if s == nil && len(g.hosts) >= 256 {
		now := g.now()
		for h, old := range g.hosts {
			if old.users == 0 && !now.Before(old.next) {
				delete(g.hosts, h)
			}
		}
	}
	if s == nil {
		s = &hostSlot{turn: make(chan struct{}, 1)}
		s.turn <- struct{}{}
		g.hosts[host] = s
	}
	s.users++
	return s
}

// forget drops a host nobody uses whose delay has passed, so the map does
// not grow with every host ever fetched.
func (g *hostGate) forget(host string, s *hostSlot) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s.users--
	if s.users == 0 && !g.now().Before(s.next) {
		delete(g.hosts, host)
	}
}

// acquire waits for host's turn. The returned release must be called once
// the request is over, with the delay the host wants before the next one.
func (g *hostGate) acquire(ctx context.Context, host string) (release func(delay time.Duration), err error) {
	s := g.slot(host)
	select {
	case <-s.turn:
	case <-ctx.Done():
		g.forget(host, s)
		return nil, ctx.Err()
	}
	g.mu.Lock()
	wait := s.next.Sub(g.now())
	g.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			s.turn <- struct{}{}
			g.forget(host, s)
			return nil, ctx.Err()
		}
	}
	return func(delay time.Duration) {
		g.mu.Lock()
		s.next = g.now().Add(delay)
		g.mu.Unlock()
		s.turn <- struct{}{}
		g.forget(host, s)
	}, nil
}

// size returns how many hosts the gate remembers (for tests and metrics).
func (g *hostGate) size() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.hosts)
}
