-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 6: a sketch of each stored log (a Bloom filter of
-- its 4-byte windows, see culprit-log-sketch.c), so that a new pattern with
-- a literal is run only on the logs that may hold it. Logs stored before
-- get theirs when they are next scanned.

CREATE TABLE log_sketches (
  build_id  INTEGER PRIMARY KEY REFERENCES builds (id) ON DELETE CASCADE,
  bits      BLOB NOT NULL
);

-- What a scan plans with, without reading the pages of the logs' blobs.
CREATE INDEX logs_plan ON logs (build_id, raw_bytes, step_name);
