-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 2: the repositories and branches a store tracks,
-- so that a refresh knows what to fetch without asking again.

CREATE TABLE repositories (
  repo      TEXT PRIMARY KEY,                          -- 'github/ORG/REPO'
  api_url   TEXT NOT NULL DEFAULT 'https://circleci.com',
  added_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tracked_branches (
  repo    TEXT NOT NULL REFERENCES repositories (repo) ON DELETE CASCADE,
  branch  TEXT NOT NULL,
  PRIMARY KEY (repo, branch)
) WITHOUT ROWID;

-- A store from version 1 tracks the repositories and branches it holds builds of.
INSERT INTO repositories (repo, added_at)
  SELECT DISTINCT repo, CAST(strftime('%s', 'now') AS INTEGER) FROM builds WHERE provider = 'circleci';
INSERT INTO tracked_branches (repo, branch)
  SELECT DISTINCT repo, branch FROM builds WHERE provider = 'circleci' AND branch IS NOT NULL;
