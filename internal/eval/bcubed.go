package eval

// BCubed scores a clustering of items against a reference clustering
// (gold[i] and pred[i] name item i's clusters) as bcubed does; the queue's
// tests compare the events of racing workers with one worker's.
func BCubed(gold, pred []string) PRF { return bcubed(gold, pred) }
