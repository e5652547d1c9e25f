#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts test cases in meson's testlog.json and prints "N passed, N failed".

A TAP test program counts each of its cases ("ok", "not ok", "# SKIP");
a program that died before reporting all of its cases counts one more
failure. Exits 1 when anything failed."""
import json
import re
import sys

passed = failed = skipped = 0

# One JSON object per test; decode them one after the other rather than by
# lines, since a test's output may hold characters that text mode splits on.
with open(sys.argv[1], "rb") as f:
    text = f.read().decode("utf-8", "replace")
decoder = json.JSONDecoder()
tests = []
pos = 0
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    try:
        test, pos = decoder.raw_decode(text, pos)
    except json.JSONDecodeError:
        # a damaged entry (two runs writing one log): count it as a failure
        tests.append({"result": "ERROR", "stdout": ""})
        pos = text.find("\n", pos)
        if pos < 0:
            break
        continue
    tests.append(test)

for test in tests:
    out = test.get("stdout") or ""
    ok = [l for l in out.splitlines() if re.match(r"^(not )?ok \d+", l)]
    if not ok:
        if test["result"] == "SKIP":
            skipped += 1
        elif test["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
        continue
    for l in ok:
        if l.startswith("not ok"):
            if "# TODO" in l:
                passed += 1
            else:
                failed += 1
        elif "# SKIP" in l or "# skip" in l:
            skipped += 1
        else:
            passed += 1
    if test["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and not any(
            l.startswith("not ok") for l in ok):
        failed += 1  # crashed, timed out or bailed out after passing cases

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
