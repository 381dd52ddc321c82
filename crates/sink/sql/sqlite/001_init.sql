-- docfacts database schema, version 1 (SQLite). See docs/database.md.
-- One row per document in `documents`, one row per fact in `dates`, `doc_refs` and `figures`.
-- Offsets are UTF-8 byte offsets into the document's source text (contract docfacts/1):
-- `start_byte`/`end_byte` are the record's `start`/`end`.

CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,          -- record id (file stem, or relative path on collision)
    path                TEXT NOT NULL,             -- source.path
    sha256              TEXT,                      -- source.sha256 (NULL when the input could not be read)
    format              TEXT NOT NULL,             -- text | pdf | unknown
    encoding            TEXT,
    bytes               INTEGER NOT NULL,
    pages               INTEGER,
    language            TEXT NOT NULL,             -- vi | en | fa | und
    variant             TEXT,                      -- diacritics | unaccented | NULL
    language_confidence REAL NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error_kind          TEXT,                      -- error.kind when status = 'error'
    error_message       TEXT,
    warnings            TEXT,                      -- JSON array of strings, NULL when none
    record_schema       TEXT NOT NULL,             -- 'docfacts/1'
    docfacts_version    TEXT NOT NULL,             -- version of the docfacts that extracted the facts
    extracted_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    record              TEXT NOT NULL              -- the whole JSON record (query with json_extract)
);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_status ON documents (status);
CREATE INDEX documents_language ON documents (language, variant);

CREATE TABLE dates (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,                  -- index in the record's `dates` list, from 0
    text        TEXT NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    page        INTEGER,
    iso         TEXT NOT NULL,                     -- YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM or A/B
    iso_from    TEXT NOT NULL,                     -- iso, or A of an interval A/B
    iso_to      TEXT NOT NULL,                     -- iso, or B of an interval A/B
    precision   TEXT NOT NULL,                     -- day | month | year
    calendar    TEXT NOT NULL,                     -- gregorian | jalali
    range_with  INTEGER,                           -- ordinal of the other end of a two-date range
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX dates_iso_from ON dates (iso_from);

CREATE TABLE doc_refs (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    page        INTEGER,
    ref_id      TEXT NOT NULL,                     -- canonical id: 57-NQ/TW, 34/2016/NĐ-CP
    number      TEXT NOT NULL,
    year        INTEGER,
    doc_type    TEXT NOT NULL,                     -- the record's `type`: NQ, NĐ, QĐ, KH, CV, ĐA …
    type_name   TEXT NOT NULL,                     -- resolution, decree, …
    issuer      TEXT,
    repaired    INTEGER NOT NULL CHECK (repaired IN (0, 1)),
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX doc_refs_ref_id ON doc_refs (ref_id, document_id);
CREATE INDEX doc_refs_type ON doc_refs (doc_type);

CREATE TABLE figures (
    document_id   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    text          TEXT NOT NULL,
    start_byte    INTEGER NOT NULL,
    end_byte      INTEGER NOT NULL,
    page          INTEGER,
    kind          TEXT NOT NULL,                   -- number | percent | ratio | money
    value         REAL NOT NULL,
    num           REAL,
    den           REAL,
    unit          TEXT,
    qualifier     TEXT,                            -- over | under | about | nearly | NULL
    written_value REAL,
    scale         TEXT,
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX figures_kind_value ON figures (kind, value);

-- One row per `docfacts extract` run that wrote to this database; finished_at stays NULL when a
-- run was interrupted. Its counters are updated in the same transaction as each batch of documents.
CREATE TABLE loads (
    id               INTEGER PRIMARY KEY,
    started_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at      TEXT,
    docfacts_version TEXT NOT NULL,
    inserted         INTEGER NOT NULL DEFAULT 0,
    replaced         INTEGER NOT NULL DEFAULT 0,
    unchanged        INTEGER NOT NULL DEFAULT 0
);

-- Views for the everyday questions (docs/database.md has the queries).
CREATE VIEW documents_citing AS
    SELECT r.ref_id, r.document_id, d.path, d.language, count(*) AS mentions
    FROM doc_refs r JOIN documents d ON d.id = r.document_id
    GROUP BY r.ref_id, r.document_id, d.path, d.language;

CREATE VIEW doc_ref_citations AS
    SELECT ref_id, min(doc_type) AS doc_type, min(type_name) AS type_name,
           count(DISTINCT document_id) AS documents, count(*) AS mentions
    FROM doc_refs
    GROUP BY ref_id;

CREATE VIEW percent_figures AS
    SELECT f.document_id, d.path, d.language, f.ordinal, f.text, f.value, f.qualifier,
           f.start_byte, f.end_byte, f.page
    FROM figures f JOIN documents d ON d.id = f.document_id
    WHERE f.kind = 'percent';

CREATE VIEW failed_documents AS
    SELECT id, path, error_kind, error_message, extracted_at
    FROM documents
    WHERE status = 'error';

CREATE VIEW document_summary AS
    SELECT d.id, d.path, d.language, d.variant, d.status,
           (SELECT count(*) FROM dates x WHERE x.document_id = d.id) AS dates,
           (SELECT count(*) FROM doc_refs x WHERE x.document_id = d.id) AS doc_refs,
           (SELECT count(*) FROM figures x WHERE x.document_id = d.id) AS figures,
           d.extracted_at
    FROM documents d;
