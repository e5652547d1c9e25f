-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 1.
--
-- Patterns are immutable versions: editing a pattern inserts a new row with a
-- larger id and marks the old one superseded. A build is up to date when its
-- scanned_through_pattern_id is the largest pattern id, so the out-of-date
-- builds are one query.

CREATE TABLE builds (
  id                          INTEGER PRIMARY KEY,
  provider                    TEXT NOT NULL DEFAULT 'circleci',   -- 'circleci' | 'local'
  repo                        TEXT NOT NULL,                      -- 'github/ORG/REPO'
  build_num                   INTEGER NOT NULL,
  branch                      TEXT,
  job                         TEXT,
  workflow                    TEXT,
  vcs_revision                TEXT,
  queued_at                   INTEGER,                            -- unix seconds, UTC
  start_time                  INTEGER,
  stop_time                   INTEGER,
  outcome                     TEXT,                               -- as CircleCI reported it
  status                      TEXT,
  state                       TEXT NOT NULL DEFAULT 'pending',    -- see culprit-build.h
  failed_step                 TEXT,
  scanned_through_pattern_id  INTEGER NOT NULL DEFAULT 0,   -- the scan watermark
  scanned_at                  INTEGER,                        -- NULL until first scanned
  UNIQUE (repo, build_num)
);

CREATE INDEX builds_watermark ON builds (scanned_through_pattern_id);
CREATE INDEX builds_branch ON builds (branch, build_num);

CREATE TABLE logs (
  build_id      INTEGER PRIMARY KEY REFERENCES builds (id) ON DELETE CASCADE,
  step_name     TEXT,
  raw_bytes     INTEGER NOT NULL,
  line_count    INTEGER NOT NULL,
  truncated     INTEGER NOT NULL DEFAULT 0,    -- only the tail was kept
  sha256        TEXT,                          -- of the raw log, to find duplicates
  compression   TEXT NOT NULL DEFAULT 'zstd',
  data          BLOB NOT NULL
);

CREATE INDEX logs_sha256 ON logs (sha256);

CREATE TABLE patterns (
  id              INTEGER PRIMARY KEY,         -- one immutable version
  family_id       INTEGER NOT NULL,            -- id of the first version
  name            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  expression      TEXT NOT NULL,
  is_regex        INTEGER NOT NULL DEFAULT 0,
  case_sensitive  INTEGER NOT NULL DEFAULT 1,
  lines_from_end  INTEGER NOT NULL DEFAULT 0 CHECK (lines_from_end >= 0),  -- 0: no limit
  specificity     INTEGER NOT NULL DEFAULT 1,
  kind            TEXT NOT NULL DEFAULT 'cause' CHECK (kind IN ('cause', 'ignore')),
  author          TEXT,
  created_at      INTEGER NOT NULL,            -- unix seconds, UTC
  retired_at      INTEGER,                     -- NULL while live
  superseded_by   INTEGER REFERENCES patterns (id)
);

CREATE INDEX patterns_family ON patterns (family_id);

CREATE TABLE tags (
  name         TEXT PRIMARY KEY,
  description  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

INSERT INTO tags (name, description) VALUES
  ('flaky', 'Fails intermittently; a retry usually passes'),
  ('known-problem', 'A known breakage that somebody is fixing');

CREATE TABLE pattern_tags (
  pattern_id  INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  tag         TEXT NOT NULL REFERENCES tags (name),
  PRIMARY KEY (pattern_id, tag)
) WITHOUT ROWID;

CREATE INDEX pattern_tags_tag ON pattern_tags (tag);

CREATE TABLE pattern_steps (
  pattern_id  INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  step_name   TEXT NOT NULL,
  PRIMARY KEY (pattern_id, step_name)
) WITHOUT ROWID;

-- One row per (build, pattern, line): the first span of the pattern in
-- that line. Keyed by build so that a build's rows are written together.
CREATE TABLE matches (
  build_id    INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  pattern_id  INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  line        INTEGER NOT NULL,                -- 1-based, in the stored log
  span_start  INTEGER NOT NULL,                -- byte offsets in the normalised line
  span_end    INTEGER NOT NULL,
  PRIMARY KEY (build_id, pattern_id, line)
) WITHOUT ROWID;

-- Per (pattern, build) summary for the pattern-to-builds lookups.
CREATE TABLE match_summary (
  pattern_id   INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
  build_id     INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  match_count  INTEGER NOT NULL,
  last_line    INTEGER NOT NULL,
  PRIMARY KEY (pattern_id, build_id)
) WITHOUT ROWID;

CREATE INDEX match_summary_build ON match_summary (build_id);

-- The best match of each build, from the live cause patterns: highest
-- specificity, then the last matching line, then the newest pattern.
-- Computed, not stored, so that retiring a pattern or relabelling it takes
-- effect at once without a rescan.
CREATE VIEW build_best AS
  SELECT build_id, pattern_id, last_line FROM (
    SELECT s.build_id, s.pattern_id, s.last_line,
           row_number () OVER (PARTITION BY s.build_id
                               ORDER BY p.specificity DESC, s.last_line DESC, p.id DESC) AS rank
    FROM match_summary s JOIN patterns p ON p.id = s.pattern_id
    WHERE p.retired_at IS NULL AND p.kind = 'cause')
  WHERE rank = 1;
