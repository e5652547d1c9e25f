-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 4: date ranges of reports and views select builds
-- by the time they were queued.

CREATE INDEX builds_queued ON builds (queued_at);
