// Package event codes what an article reports as PLOVER events: who did
// what to whom, when and where. Indonesian news has no off-the-shelf event
// coder, so the triggers (bertemu, kunjungan kerja, menandatangani, MoU,
// menyumbangkan, percakapan telepon, mengecam ...) are a lexicon of our own
// and the roles come from the entities and dates earlier stages found.
package event
