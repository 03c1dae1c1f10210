// Package cluster connects reports: it finds syndicated and lightly
// reworded copies with MinHash signatures and LSH band keys, and groups
// coded events from different outlets into one real-world event and events
// into stories. Candidates always come from index keys (bands, actors,
// dates), never from comparing a report with everything stored, so adding a
// report costs the same however large the store grows.
package cluster
