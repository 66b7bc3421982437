"""Reads every record of a downloaded batch result file, two lines a page, as the app pages through it."""
from valuerank_worker import batches
from tests.helpers import run

SCALE = [{"code": n, "label": f"level {n}"} for n in range(1, 6)]


def read_all(provider, path):
    out, offset = [], 0
    while True:
        page = run(batches.batch_read({"provider": provider, "path": path, "offset": offset, "limit": 2,
                                       "scale": SCALE}))
        out += page["records"]
        offset = page["nextOffset"]
        if page["done"]:
            return out
