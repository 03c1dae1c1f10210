-- The read model, as in SQLite's 0006_read_model.sql: one row per entity
-- an article names and per quote it holds. Here a trigger derives the rows
-- from the article's JSON whenever it is written, so every writer (the
-- pipeline, River workers, `warta copy`) keeps them without a statement of
-- its own, and a copy that leaves an unchanged article alone leaves its
-- rows alone too. They go with their article (ON DELETE CASCADE).
CREATE TABLE entity_rows (
	entity_id    text COLLATE "C" NOT NULL,
	article_seq  bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	name         text NOT NULL,
	type         text NOT NULL DEFAULT '',
	published_at timestamptz,
	PRIMARY KEY (entity_id, article_seq)
);
CREATE INDEX entity_rows_recent ON entity_rows (entity_id, published_at DESC NULLS LAST, article_seq DESC);
CREATE INDEX entity_rows_article ON entity_rows (article_seq);

CREATE TABLE quote_rows (
	article_seq  bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx          integer NOT NULL,
	speaker_id   text COLLATE "C" NOT NULL DEFAULT '',
	speaker      text NOT NULL DEFAULT '',
	published_at timestamptz,
	PRIMARY KEY (article_seq, idx)
);
CREATE INDEX quote_rows_speaker_id ON quote_rows (speaker_id, published_at DESC NULLS LAST, article_seq DESC);
CREATE INDEX quote_rows_speaker ON quote_rows (speaker, published_at DESC NULLS LAST, article_seq DESC);

-- An entity named twice in one article keeps its first name, as in SQLite.
CREATE FUNCTION put_read_model(p_seq bigint, p_data json, p_published timestamptz) RETURNS void
LANGUAGE sql AS $$
	DELETE FROM entity_rows WHERE article_seq = p_seq;
	DELETE FROM quote_rows WHERE article_seq = p_seq;
	INSERT INTO entity_rows (entity_id, article_seq, name, type, published_at)
	SELECT DISTINCT ON (e.v->>'id') e.v->>'id', p_seq, coalesce(e.v->>'name', ''), coalesce(e.v->>'type', ''), p_published
	FROM json_array_elements(CASE WHEN json_typeof(p_data->'entities') = 'array' THEN p_data->'entities' ELSE '[]'::json END)
		WITH ORDINALITY AS e(v, n)
	WHERE coalesce(e.v->>'id', '') <> ''
	ORDER BY e.v->>'id', e.n;
	INSERT INTO quote_rows (article_seq, idx, speaker_id, speaker, published_at)
	SELECT p_seq, q.n - 1, coalesce(q.v->>'speaker_id', ''), lower(coalesce(q.v->>'speaker', '')), p_published
	FROM json_array_elements(CASE WHEN json_typeof(p_data->'quotes') = 'array' THEN p_data->'quotes' ELSE '[]'::json END)
		WITH ORDINALITY AS q(v, n)
	WHERE q.v->>'speaker' IS NOT NULL OR coalesce(q.v->>'speaker_id', '') <> '';
$$;

CREATE FUNCTION articles_read_model() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM put_read_model(NEW.seq, NEW.data, NEW.published_at);
	RETURN NULL;
END
$$;
CREATE TRIGGER articles_read_model AFTER INSERT OR UPDATE ON articles
	FOR EACH ROW EXECUTE FUNCTION articles_read_model();

-- Articles stored before this migration.
SELECT put_read_model(seq, data, published_at) FROM articles;
