-- docfacts database schema, version 3 (SQLite): what each document is and what it cites.
-- See docs/database.md. Columns on `documents` for the record's `document` (its own number, type,
-- date of issue, place, issuer, title); one row per citation in `citations` (every doc_ref but the
-- document's own number, with its relation and the cited document's date); views that resolve a
-- cited id to the archive's documents whose own number it is. Documents stored before this
-- version get their columns and citations from their stored record (a record without `document`
-- leaves the columns NULL; a doc_ref without `relation` is a plain citation, `cites`).

ALTER TABLE documents ADD COLUMN doc_number TEXT;     -- document.number.id: the document's own number
ALTER TABLE documents ADD COLUMN doc_type TEXT;       -- document.type: BC, KH, QĐ, NQ …
ALTER TABLE documents ADD COLUMN doc_type_name TEXT;  -- document.type_name: report, plan, …
ALTER TABLE documents ADD COLUMN issued TEXT;         -- document.issued.iso: date of issue
ALTER TABLE documents ADD COLUMN place TEXT;          -- document.place.text
ALTER TABLE documents ADD COLUMN issuer TEXT;         -- document.issuer.text
ALTER TABLE documents ADD COLUMN title TEXT;          -- document.title.text
CREATE INDEX documents_doc_number ON documents (doc_number);

CREATE TABLE citations (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, -- the citing document
    ordinal     INTEGER NOT NULL,                  -- the doc_ref's ordinal (index in `doc_refs`)
    text        TEXT NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    page        INTEGER,
    cited_id    TEXT NOT NULL,                     -- canonical id of the cited document: 57-NQ/TW
    relation    TEXT NOT NULL CHECK (relation IN
                    ('basis', 'implements', 'amends', 'replaces', 'repeals', 'cites')),
    cited_date  TEXT,                              -- the cited document's date as the citation states it (ISO)
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX citations_cited_id ON citations (cited_id, relation);

UPDATE documents SET
    doc_number    = json_extract(record, '$.document.number.id'),
    doc_type      = json_extract(record, '$.document.type'),
    doc_type_name = json_extract(record, '$.document.type_name'),
    issued        = json_extract(record, '$.document.issued.iso'),
    place         = json_extract(record, '$.document.place.text'),
    issuer        = json_extract(record, '$.document.issuer.text'),
    title         = json_extract(record, '$.document.title.text');

INSERT INTO citations (document_id, ordinal, text, start_byte, end_byte, page, cited_id, relation,
                       cited_date)
SELECT d.id, r.key, json_extract(r.value, '$.text'), json_extract(r.value, '$.start'),
       json_extract(r.value, '$.end'), json_extract(r.value, '$.page'),
       json_extract(r.value, '$.id'), coalesce(json_extract(r.value, '$.relation'), 'cites'),
       json_extract(r.value, '$.date.iso')
FROM documents d, json_each(d.record, '$.doc_refs') r
WHERE coalesce(json_extract(r.value, '$.relation'), 'cites') <> 'self';

-- Each citation with the archive documents whose own number is the cited id (cited_document_id
-- NULL when the archive has none; one row per such document when several have it).
CREATE VIEW citation_targets AS
    SELECT c.document_id, d.doc_number, c.ordinal, c.relation, c.cited_id, c.cited_date,
           t.id AS cited_document_id, t.issued AS cited_issued, t.title AS cited_title
    FROM citations c
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN documents t ON t.doc_number = c.cited_id;

-- Who implements what: one row per implementing document and implemented id.
CREATE VIEW implementations AS
    SELECT DISTINCT c.cited_id, d.id AS document_id, d.doc_number, d.doc_type, d.issued, d.title,
           d.path
    FROM citations c JOIN documents d ON d.id = c.document_id
    WHERE c.relation = 'implements';

-- What each document is based on (its `basis` citations), resolved in the archive.
CREATE VIEW bases AS
    SELECT document_id, doc_number, ordinal, cited_id, cited_date, cited_document_id, cited_title
    FROM citation_targets
    WHERE relation = 'basis';

-- How widely each id is cited, and by how many archive documents it is the own number; the most
-- cited first.
CREATE VIEW most_cited AS
    SELECT c.cited_id, count(DISTINCT c.document_id) AS documents, count(*) AS mentions,
           (SELECT count(*) FROM documents t WHERE t.doc_number = c.cited_id) AS archive_documents
    FROM citations c
    GROUP BY c.cited_id
    ORDER BY documents DESC, mentions DESC, c.cited_id;

-- Ids cited by the archive's documents that none of them has as its own number.
CREATE VIEW cited_not_in_archive AS
    SELECT cited_id, documents, mentions
    FROM most_cited
    WHERE archive_documents = 0;
