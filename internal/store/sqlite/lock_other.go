//go:build !unix

package sqlite

import "context"

// LockBatch implements warta.BatchCommitter where flock(2) is missing:
// it serializes the batches of this process only, first come first
// served (turns); the generation check still keeps other processes'
// batches apart, at the cost of retries.
func (s *DB) LockBatch(ctx context.Context) (func(), error) {
	if err := turns.lock(ctx); err != nil {
		return nil, err
	}
	return turns.unlock, nil
}
