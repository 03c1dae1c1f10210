CREATE TABLE documents (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL,
	url         TEXT NOT NULL DEFAULT '',
	format      TEXT NOT NULL,
	charset     TEXT NOT NULL DEFAULT '',
	hints       TEXT NOT NULL DEFAULT '{}',
	raw         BLOB NOT NULL,
	ingested_at TEXT NOT NULL
);

CREATE TABLE articles (
	seq          INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
	id           TEXT NOT NULL UNIQUE,
	outlet       TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	published_at INTEGER,
	data         TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet, published_at);
CREATE INDEX articles_published ON articles(published_at);

-- Contentless: the text lives in articles.data; the index holds stems only.
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, body,
	content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);

-- How many pages of an outlet contain a line (hash), to spot sidebars.
CREATE TABLE outlet_lines (
	outlet TEXT NOT NULL,
	hash   INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (outlet, hash)
) WITHOUT ROWID;
CREATE TABLE outlet_pages (
	outlet TEXT PRIMARY KEY,
	n      INTEGER NOT NULL
);

CREATE TABLE problems (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	source TEXT NOT NULL,
	line   INTEGER NOT NULL DEFAULT 0,
	offset INTEGER NOT NULL DEFAULT 0,
	stage  TEXT NOT NULL DEFAULT '',
	msg    TEXT NOT NULL,
	at     TEXT NOT NULL
);
