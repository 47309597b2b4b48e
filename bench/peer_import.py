#!/usr/bin/python3
"""Import peer: Python's csv module + sqlite3 load a catalogue CSV into the same
`items` table as Debut's schema v1 (WAL, one transaction, executemany).
  peer_import.py FILE.csv OUT.sqlite      -> prints {"rows":…, "seconds":…}
"""
import csv
import datetime
import json
import os
import sqlite3
import sys
import time

SCHEMA = """CREATE TABLE items(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '', price REAL, brand TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}', added_at TEXT NOT NULL)"""
FIELDS = ("id", "title", "description", "price", "brand", "category")


def main():
    src, out = sys.argv[1], sys.argv[2]
    for s in ("", "-wal", "-shm"):
        if os.path.exists(out + s):
            os.remove(out + s)
    t0 = time.perf_counter()
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(SCHEMA)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    n = 0

    def rows():
        nonlocal n
        with open(src, newline="", encoding="utf-8-sig") as f:
            rd = csv.DictReader(f)
            extra_cols = [c for c in rd.fieldnames if c not in FIELDS]
            for r in rd:
                n += 1
                p = r.get("price", "")
                yield (r["id"], r["title"], r.get("description", ""), float(p) if p else None, r.get("brand", ""),
                       r.get("category", ""), json.dumps({c: r[c] for c in extra_cols}, ensure_ascii=False), now)

    with db:
        db.executemany("INSERT INTO items(id,title,description,price,brand,category,extra,added_at) "
                       "VALUES (?,?,?,?,?,?,?,?)", rows())
    db.close()
    print(json.dumps({"rows": n, "seconds": time.perf_counter() - t0}))


if __name__ == "__main__":
    main()
