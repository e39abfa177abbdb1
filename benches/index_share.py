#!/usr/bin/env python3
"""What the search index adds to the time of a whole `blomma build`.

    python3 benches/index_share.py ROOT [PAIRS] [--blomma PATH] [--out DIR]

Builds the site at ROOT in alternating pairs: once as usual and once with the
hidden flag `--no-search-index` (the same binary, the index stage skipped), each
into its own output folder under DIR (default /dev/shm, so that the file system of
the virtual disk is not what is measured). One warm-up pair is not counted. Prints
every pair, then the medians of wall time and CPU time (user + system, of the
build process), the median of the paired ratios with/without, and the fastest
build of each kind (other work on the machine only adds time, so on a noisy
machine the minimum is the steadiest figure).
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("pairs", nargs="?", type=int, default=8)
    ap.add_argument("--blomma", default="target/release/blomma")
    ap.add_argument("--out", default="/dev/shm")
    a = ap.parse_args()
    outs = {
        "with": os.path.join(a.out, "index-share-with"),
        "without": os.path.join(a.out, "index-share-without"),
    }
    cmds = {
        "with": [a.blomma, "build", "--root", a.root, "--output", outs["with"]],
        "without": [a.blomma, "build", "--root", a.root, "--output", outs["without"],
                    "--no-search-index"],
    }
    for k in cmds:
        run(cmds[k])  # warm-up, and a previous output to replace as in a real rebuild
    rows = []
    for i in range(a.pairs):
        order = ["with", "without"] if i % 2 == 0 else ["without", "with"]
        r = {k: run(cmds[k]) for k in order}
        rows.append(r)
        print(f"pair {i + 1}: with {r['with'][0]:.3f} s (cpu {r['with'][1]:.2f}), "
              f"without {r['without'][0]:.3f} s (cpu {r['without'][1]:.2f}), "
              f"ratio {r['with'][0] / r['without'][0]:.3f}", flush=True)
    med = lambda k, j: statistics.median(r[k][j] for r in rows)
    ratio = statistics.median(r["with"][0] / r["without"][0] for r in rows)
    print(f"median wall: with {med('with', 0):.3f} s, without {med('without', 0):.3f} s "
          f"(+{100 * (med('with', 0) / med('without', 0) - 1):.1f} %)")
    print(f"median cpu:  with {med('with', 1):.2f} s, without {med('without', 1):.2f} s")
    print(f"median of paired wall ratios: {ratio:.3f} (+{100 * (ratio - 1):.1f} %)")
    # Noise from other work on the machine only adds time, so the fastest
    # build of each kind is the steadiest estimate of what the build costs.
    lo = lambda k, j: min(r[k][j] for r in rows)
    print(f"fastest: with {lo('with', 0):.3f} s, without {lo('without', 0):.3f} s "
          f"(+{100 * (lo('with', 0) / lo('without', 0) - 1):.1f} %); "
          f"least cpu: with {lo('with', 1):.2f} s, without {lo('without', 1):.2f} s "
          f"(+{100 * (lo('with', 1) / lo('without', 1) - 1):.1f} %)")
    for o in outs.values():
        shutil.rmtree(o, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
