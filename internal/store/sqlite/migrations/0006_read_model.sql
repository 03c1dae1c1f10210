-- The read model: one row per entity an article names and per quote it
-- holds, so that an entity's articles, the entities named with it and a
-- speaker's quotes are indexed queries, not an aggregation of the first
-- search hits. Rows are rewritten with their article.
CREATE TABLE entity_rows (
	entity_id    TEXT NOT NULL,
	article_seq  INTEGER NOT NULL,
	name         TEXT NOT NULL,
	type         TEXT NOT NULL DEFAULT '',
	published_at INTEGER,
	PRIMARY KEY (entity_id, article_seq)
) WITHOUT ROWID;
CREATE INDEX entity_rows_recent ON entity_rows(entity_id, published_at DESC, article_seq DESC);
CREATE INDEX entity_rows_article ON entity_rows(article_seq);

-- speaker is the name as the article wrote it, lower-cased: quotes the
-- entity finder left unlinked are found by name.
CREATE TABLE quote_rows (
	article_seq  INTEGER NOT NULL,
	idx          INTEGER NOT NULL,
	speaker_id   TEXT NOT NULL DEFAULT '',
	speaker      TEXT NOT NULL DEFAULT '',
	published_at INTEGER,
	PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX quote_rows_speaker_id ON quote_rows(speaker_id, published_at DESC, article_seq DESC);
CREATE INDEX quote_rows_speaker ON quote_rows(speaker, published_at DESC, article_seq DESC);
