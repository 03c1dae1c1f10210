-- Saved searches. mark is the articles.seq up to which matching has run:
-- articles stored later are new to the alert.
CREATE TABLE alerts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT NOT NULL UNIQUE,
	query       TEXT NOT NULL DEFAULT '',
	entities    TEXT NOT NULL DEFAULT '[]',
	event_types TEXT NOT NULL DEFAULT '[]',
	webhook     TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	mark        INTEGER NOT NULL DEFAULT 0
);

-- One webhook post. Its matches point at it, so every attempt sends the
-- same articles; next_at is Unix milliseconds so that it compares as a number.
CREATE TABLE alert_deliveries (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	state      TEXT NOT NULL DEFAULT 'pending',
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	done_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_at);
CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id, id);

-- seq is the article's articles.seq: the order in which matches arrived.
CREATE TABLE alert_matches (
	alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	article_id  TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	matched_at  TEXT NOT NULL,
	delivery_id INTEGER REFERENCES alert_deliveries(id) ON DELETE SET NULL,
	PRIMARY KEY (alert_id, article_id)
);
CREATE INDEX alert_matches_recent ON alert_matches(alert_id, seq);
CREATE INDEX alert_matches_article ON alert_matches(article_id);
CREATE INDEX alert_matches_delivery ON alert_matches(delivery_id);

-- Exports walk events by date; without this each page would sort them all.
CREATE INDEX events_date ON events(date, id);

-- What articles name and report, for the entity and event-type filters of
-- searches, exports and alerts. One row per article (rowid = articles.seq)
-- whose keys are e:<entity id>, n:<entity name, lower-cased> and
-- t:<EVENT TYPE>, each written in hex so that the tokenizer keeps it whole.
-- An FTS5 table because it is the cheapest index to write here: one row of
-- twenty-odd terms per article, where a table of (key, seq) rows with an
-- index each way doubled the cost of storing an article. detail=none keeps
-- only which rows hold a term, all a filter needs. Articles stored before
-- are indexed by Go code run with this migration (backfillArticleKeys).
CREATE VIRTUAL TABLE article_keys USING fts5(
	keys,
	content='', contentless_delete=1, detail=none,
	tokenize='ascii'
);
