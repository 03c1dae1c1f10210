//go:build unix

package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// LockBatch implements warta.BatchCommitter with flock(2) on a file beside
// the database. The lock belongs to the open file, so it excludes other
// processes and other goroutines of this one alike, and the kernel drops
// it when a process dies: a killed ingest never leaves it held.
func (s *DB) LockBatch(ctx context.Context) (func(), error) {
	// This process's batches queue first come, first served (turns); the
	// file lock then keeps other processes out.
	if err := turns.lock(ctx); err != nil {
		return nil, err
	}
	unlock, err := s.lockFile(ctx)
	if err != nil {
		turns.unlock()
		return nil, err
	}
	return func() { unlock(); turns.unlock() }, nil
}

func (s *DB) lockFile(ctx context.Context) (func(), error) {
	f, err := os.OpenFile(s.path+".batch-lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open batch lock: %w", err)
	}
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("take batch lock: %w", err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}
