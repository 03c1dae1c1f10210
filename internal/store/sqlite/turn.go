package sqlite

import (
	"context"
	"sync"
)

// turns hands the batch lock to this process's batches in the order they
// asked for it. Without it, a bulk load that releases the file lock and
// takes it again at once kept a one-report POST waiting for the whole
// bulk request (`warta bench freshness`: 9 s at p50, 41 s at p99), since
// a waiter only polls the file lock.
var turns fifo

// fifo is a mutex that is granted first come, first served.
type fifo struct {
	mu     sync.Mutex
	held   bool
	queued []chan struct{}
}

// lock waits for the turn, or for ctx to end.
func (f *fifo) lock(ctx context.Context) error {
	f.mu.Lock()
	if !f.held {
		f.held = true
		f.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	f.queued = append(f.queued, ch)
	f.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		f.mu.Lock()
		for i, c := range f.queued {
			if c == ch {
				f.queued = append(f.queued[:i], f.queued[i+1:]...)
				f.mu.Unlock()
				return ctx.Err()
			}
		}
		f.mu.Unlock()
		// The turn came as ctx ended: pass it on.
		f.unlock()
		return ctx.Err()
	}
}

// unlock hands the turn to the longest waiter.
func (f *fifo) unlock() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queued) == 0 {
		f.held = false
		return
	}
	ch := f.queued[0]
	f.queued = f.queued[1:]
	close(ch)
}
