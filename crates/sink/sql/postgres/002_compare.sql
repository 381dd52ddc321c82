-- docfacts database schema, version 2 (PostgreSQL): results of `docfacts compare`. See docs/database.md.
-- One row per compared pair (A the original, B the translation) in `comparisons`, one row per
-- disagreement in `disagreements`, one row per matched or tolerated fact pair in
-- `comparison_matches`. A pair compared again replaces its rows: a pair is the same when both
-- inputs have the same content (a_sha256, b_sha256) or the same paths (a_path, b_path).

CREATE TABLE comparisons (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    a_id             TEXT NOT NULL,                -- report.a.id (record id of the original)
    b_id             TEXT NOT NULL,                -- report.b.id (record id of the translation)
    a_path           TEXT NOT NULL,                -- source.path of A's record
    b_path           TEXT NOT NULL,
    a_sha256         TEXT,                         -- source.sha256 of A (NULL when unknown)
    b_sha256         TEXT,
    a_language       TEXT NOT NULL,                -- vi | en | fa | und
    b_language       TEXT NOT NULL,
    agree            BOOLEAN NOT NULL,
    score            DOUBLE PRECISION NOT NULL,    -- 2·matched / (2·matched + 2·mismatched + only_in_a + only_in_b)
    matched          BIGINT NOT NULL,             -- number of entries of each list of the report
    mismatched       BIGINT NOT NULL,
    only_in_a        BIGINT NOT NULL,
    only_in_b        BIGINT NOT NULL,
    tolerated        BIGINT NOT NULL,
    docfacts_version TEXT NOT NULL,
    compared_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    report           JSONB NOT NULL,               -- the whole JSON report (docfacts-compare/1)
    UNIQUE (a_sha256, b_sha256),
    UNIQUE (a_path, b_path)
);
CREATE INDEX comparisons_a_id ON comparisons (a_id);
CREATE INDEX comparisons_b_id ON comparisons (b_id);

-- `mismatched` rows have both sides, `only_in_a` rows the a_* columns, `only_in_b` the b_* ones.
CREATE TABLE disagreements (
    comparison_id BIGINT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    ordinal       BIGINT NOT NULL,                -- from 0: mismatched, then only_in_a, then only_in_b
    category      TEXT NOT NULL CHECK (category IN ('mismatched', 'only_in_a', 'only_in_b')),
    fact_type     TEXT NOT NULL,                   -- dates | doc_refs | figures
    reason        TEXT,                            -- mismatched: value differs | swapped | kind differs
    a_text        TEXT,
    a_start       BIGINT,                         -- UTF-8 byte offsets into A's source text
    a_end         BIGINT,
    a_value       TEXT,                            -- canonical value: ISO date, document id, number
    b_text        TEXT,
    b_start       BIGINT,
    b_end         BIGINT,
    b_value       TEXT,
    PRIMARY KEY (comparison_id, ordinal)
);
CREATE INDEX disagreements_type ON disagreements (fact_type, category);

-- Facts both sides state (`matched`; note = 'reordered' or NULL) and one-sided facts the other
-- side explains by its wording (`tolerated`; note = the reason, one side NULL).
CREATE TABLE comparison_matches (
    comparison_id BIGINT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    ordinal       BIGINT NOT NULL,                -- from 0: matched, then tolerated
    category      TEXT NOT NULL CHECK (category IN ('matched', 'tolerated')),
    fact_type     TEXT NOT NULL,
    note          TEXT,
    a_text        TEXT,
    a_start       BIGINT,
    a_end         BIGINT,
    a_value       TEXT,
    b_text        TEXT,
    b_start       BIGINT,
    b_end         BIGINT,
    b_value       TEXT,
    PRIMARY KEY (comparison_id, ordinal)
);

CREATE VIEW translation_disagreements AS
    SELECT id AS comparison_id, a_id, b_id, a_path, b_path, a_language, b_language, score,
           mismatched, only_in_a, only_in_b, compared_at
    FROM comparisons
    WHERE NOT agree;

CREATE VIEW disagreement_details AS
    SELECT c.a_id, c.b_id, c.a_path, c.b_path, d.comparison_id, d.ordinal, d.category,
           d.fact_type, d.reason, d.a_text, d.a_start, d.a_end, d.a_value,
           d.b_text, d.b_start, d.b_end, d.b_value
    FROM disagreements d JOIN comparisons c ON c.id = d.comparison_id;
