-- SPDX-License-Identifier: GPL-3.0-or-later
-- Culprit store, version 5: an annotation may link to the issue that
-- tracks the known problem.

ALTER TABLE annotations ADD COLUMN issue_url TEXT;
