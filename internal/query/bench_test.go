package query

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkResolve resolves names of each kind over the fixture store: a
// nickname the knowledge file has costs count queries only; a name only
// articles give costs a search as well; a misspelling scans the
// knowledge file's keys.
func BenchmarkResolve(b *testing.B) {
	s := newService(b)
	ctx := context.Background()
	for _, name := range []string{"jokowi", "per:joko-widodo", "Thareq Kemal Habibie", "widodo", "Jokowie"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Resolve(ctx, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEntity summarizes an entity named in 250 articles from the
// read model.
func BenchmarkEntity(b *testing.B) {
	s := manyArticles(b, 250)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Entity(ctx, "retno"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCoMentions counts who an entity is named with, over all its
// articles and over its newest coMentionsWithin: the bounded count costs
// the same however many articles name the entity.
func BenchmarkCoMentions(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1000, 4000, 16000} {
		s := manyArticles(b, n)
		for _, w := range []struct {
			name   string
			within int
		}{{"all", 0}, {"newest", coMentionsWithin}} {
			b.Run(fmt.Sprintf("%d/%s", n, w.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Store.CoMentions(ctx, "per:retno-marsudi", w.within, 10); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
