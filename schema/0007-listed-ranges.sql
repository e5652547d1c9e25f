-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 7: how far each build list has been listed, so
-- that a fetch that was stopped (Ctrl+C, killed, the server gone) resumes
-- its listing where it stopped instead of stopping at the first build it
-- already has.
--
-- One row per (repository, branch, filter) of CircleCI's list (branch ''
-- lists every branch). Every build of that list whose number lies in
-- [oldest, newest] is stored. n_listed is how many builds of the list were
-- newest or older down to oldest when they were last counted: a hint for
-- jumping past the range by offset, checked before it is trusted.
-- reached_end: the list holds nothing older than oldest.

CREATE TABLE listed_ranges (
  repo         TEXT NOT NULL,
  branch       TEXT NOT NULL,
  filter       TEXT NOT NULL,
  newest       INTEGER NOT NULL,
  oldest       INTEGER NOT NULL,
  n_listed     INTEGER NOT NULL,
  reached_end  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repo, branch, filter)
) WITHOUT ROWID;

-- A deleted build is no longer stored: forget the ranges that held it, so
-- that the next fetch lists them again.
CREATE TRIGGER builds_forget_listed_ranges AFTER DELETE ON builds
BEGIN
  DELETE FROM listed_ranges
    WHERE repo = old.repo AND old.build_num BETWEEN oldest AND newest;
END;
