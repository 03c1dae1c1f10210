//go:build !unix

package sqlite

import (
	"context"
	"sync"
)

// batchMu stands in for the file lock where flock(2) is missing: it
// serializes the batches of this process only; the generation check
// still keeps other processes' batches apart, at the cost of retries.
var batchMu sync.Mutex

// LockBatch implements warta.BatchCommitter.
func (s *DB) LockBatch(ctx context.Context) (func(), error) {
	batchMu.Lock()
	return batchMu.Unlock, nil
}
