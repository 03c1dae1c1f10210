-- Live sources (feeds, sitemaps, pages) and their poll state.
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	url           TEXT NOT NULL UNIQUE,
	kind          TEXT NOT NULL,
	outlet        TEXT NOT NULL DEFAULT '',
	every_ms      INTEGER NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetched  TEXT NOT NULL DEFAULT '',
	last_result   TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	next_at       TEXT NOT NULL DEFAULT '',
	added_at      TEXT NOT NULL
);

-- Canonical article URLs fetched before, so that nothing is fetched twice.
-- doc_id is empty for a URL that failed for good (404, robots.txt).
CREATE TABLE fetched_urls (
	url    TEXT PRIMARY KEY,
	doc_id TEXT NOT NULL DEFAULT '',
	at     TEXT NOT NULL
) WITHOUT ROWID;
