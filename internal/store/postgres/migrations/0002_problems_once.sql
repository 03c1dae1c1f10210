-- A problem is stored once, however often the same input is read again.
-- The key hashes source and message, which may be longer than a btree
-- entry may be.
DELETE FROM problems p USING problems q
	WHERE p.id > q.id AND p.source = q.source AND p.line = q.line AND p.byte_offset = q.byte_offset
		AND p.stage = q.stage AND p.msg = q.msg;
CREATE UNIQUE INDEX problems_once ON problems (md5(source), line, byte_offset, stage, md5(msg));
