-- Store-wide counters and markers: 'gen' counts committed pipeline batches
-- (a batch analyzed against an older generation must be analyzed again);
-- 'reprocess_after' exists while a reprocess is pending and holds the ID of
-- the last document of its last committed batch.
CREATE TABLE store_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('gen', '0');

-- A problem is stored once, however often the same input is read again.
DELETE FROM problems WHERE id NOT IN
	(SELECT MIN(id) FROM problems GROUP BY source, line, offset, stage, msg);
CREATE UNIQUE INDEX problems_once ON problems(source, line, offset, stage, msg);
