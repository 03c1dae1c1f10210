package cluster

import (
	"testing"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore { return NewMemory() })
}

func TestBatchConformance(t *testing.T) {
	storetest.RunCluster(t, func(t *testing.T) warta.ClusterStore { return NewBatch(NewMemory()) })
}
