-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 7: the live patterns by name. An import looks up
-- each pattern's name among the live ones; without an index that was a
-- scan of the whole table per pattern (100,000 patterns did not import in
-- ten minutes). Not unique: while an edit saves a new version, the old
-- one is live for a moment under the same name.

CREATE INDEX patterns_live_name ON patterns (name) WHERE retired_at IS NULL;
