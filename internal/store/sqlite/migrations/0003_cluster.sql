CREATE TABLE signatures (
	article_id   TEXT PRIMARY KEY,
	sig          BLOB NOT NULL,
	published    TEXT NOT NULL DEFAULT '',
	duplicate_of TEXT NOT NULL DEFAULT ''
);
CREATE TABLE lsh_bands (
	band_key   INTEGER NOT NULL,
	article_id TEXT NOT NULL,
	PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;

CREATE TABLE events (
	id       TEXT PRIMARY KEY,
	story_id TEXT NOT NULL DEFAULT '',
	date     TEXT NOT NULL DEFAULT '',
	data     TEXT NOT NULL
);
CREATE INDEX events_story ON events(story_id, date);
CREATE TABLE event_keys (
	key      TEXT NOT NULL,
	event_id TEXT NOT NULL,
	PRIMARY KEY (key, event_id)
) WITHOUT ROWID;
