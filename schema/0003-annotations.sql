-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 3: notes on builds, such as "a known problem"
-- on a main-branch build whose failure is understood and being fixed.

CREATE TABLE annotations (
  build_id    INTEGER PRIMARY KEY REFERENCES builds (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL DEFAULT 'known-problem',   -- a tag, as patterns carry
  note        TEXT NOT NULL DEFAULT '',
  author      TEXT,
  created_at  INTEGER NOT NULL                         -- unix seconds, UTC
) WITHOUT ROWID;
