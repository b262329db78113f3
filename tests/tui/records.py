"""records.py - the stored records of a collect database, for the tmux tests.

  records.py slots DB UUID    the answers of a response, one slot a line
  records.py instances DB     its repeat instances in id order, one a line:
                              "repeat position parent slot=value..." (the
                              parent as repeat:position, "-" at the top)
A record is a run of varint-length-prefixed values (src/store/record.h).
"""
import sqlite3
import sys


def values(blob):
    blob, i, out = bytes(blob or b""), 0, []
    while i < len(blob):
        n = shift = 0
        while True:
            b = blob[i]
            i += 1
            n |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                break
        out.append(blob[i:i + n].decode("utf-8"))
        i += n
    return out


def slots(db, uuid):
    row = sqlite3.connect(db).execute("SELECT answers FROM response WHERE uuid = ?",
                                      (uuid,)).fetchone()
    if row is None:
        sys.exit("no response " + uuid)
    for v in values(row[0]):
        print(v.replace("\n", " "))


def instances(db):
    rows = sqlite3.connect(db).execute(
        "SELECT id, parent, repeat, position, answers FROM repeat_instance ORDER BY id").fetchall()
    name = {r[0]: "%s:%d" % (r[2], r[3]) for r in rows}
    for id_, parent, rep, pos, blob in rows:
        vals = ["%d=%s" % (k, v) for k, v in enumerate(values(blob)) if v]
        print(rep, pos, name.get(parent, "-"), " ".join(vals))


if sys.argv[1] == "slots":
    slots(sys.argv[2], sys.argv[3])
else:
    instances(sys.argv[2])
