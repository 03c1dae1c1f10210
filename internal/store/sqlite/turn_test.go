package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Waiters get the lock in the order they asked; one that gives up leaves
// the queue without blocking the rest.
func TestFIFOOrder(t *testing.T) {
	var f fifo
	ctx := context.Background()
	if err := f.lock(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	gone, giveUp := context.WithCancel(ctx)
	for i := range 4 {
		wg.Add(1)
		c := ctx
		if i == 1 {
			c = gone
		}
		go func() {
			defer wg.Done()
			if err := f.lock(c); err != nil {
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			f.unlock()
		}()
		// Queue them one after the other.
		for deadline := time.Now().Add(time.Second); ; {
			f.mu.Lock()
			n := len(f.queued)
			f.mu.Unlock()
			if n == i+1 || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	giveUp()
	time.Sleep(10 * time.Millisecond)
	f.unlock()
	wg.Wait()
	if len(order) != 3 || order[0] != 0 || order[1] != 2 || order[2] != 3 {
		t.Fatalf("order %v, want [0 2 3]", order)
	}
	if f.held || len(f.queued) != 0 {
		t.Fatalf("left held=%v queued=%d", f.held, len(f.queued))
	}
}
