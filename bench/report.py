#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tables of the benchmarks (bench/fio.sh, bench/swap.sh), in Markdown.

usage: report.py fio|swap DIR TRANSPORT...

The first transport is the base of every ratio. DIR holds what the run
left: meta (key=value), load.txt ("epoch load1 other-guests tag", tag
being the round that ran then), and results.txt (fio) or runs.txt plus one
result file per run (swap). Each transport ran in several rounds, in
blocks of one round per transport (A B, B A, ...): a transport's value is
the mean of its rounds, its spread is half the range of its rounds over
that mean, and besides the ratio of the means the range of the ratios
taken inside each block is shown (the drift of the host cancels there).
"""
import os
import sys

FIO_JOBS = [("randread:4k", "4k random read QD16", "iops", "IOPS"),
            ("randwrite:4k", "4k random write QD16", "iops", "IOPS"),
            ("read:1M", "1M sequential read QD16", "mibs", "MiB/s"),
            ("write:1M", "1M sequential write QD16", "mibs", "MiB/s")]


def read_meta(d):
    meta = {}
    try:
        with open(os.path.join(d, "meta")) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                meta[k] = v
    except OSError:
        pass
    return meta


def read_load(d):
    """[(epoch, load1, others, tag)] from load.txt."""
    rows = []
    try:
        with open(os.path.join(d, "load.txt")) as f:
            for line in f:
                p = line.split()
                if len(p) == 4:
                    rows.append((int(p[0]), float(p[1]), int(p[2]), p[3]))
    except OSError:
        pass
    return rows


def round_load(load, rnd, tr):
    """Mean load1 and the most other guests seen while round rnd ran."""
    tag = "ROUND_%d_%s" % (rnd, tr)
    s = [r for r in load if r[3] == tag]
    if not s:
        return "n/a", "n/a"
    return "%.1f" % (sum(r[1] for r in s) / len(s)), str(max(r[2] for r in s))


def mean(v):
    return sum(v) / len(v) if v else None


def spread(v):
    m = mean(v)
    if not v or len(v) < 2 or not m:
        return ""
    return " ±%.0f%%" % ((max(v) - min(v)) / 2 / m * 100)


def fmt(x, digits=0):
    return "n/a" if x is None else "%.*f" % (digits, x)


def block_of(rnd, ntr):
    return (rnd - 1) // ntr


def ratio_cell(base, other, ntr):
    """Ratio of the means and the range of per-block ratios.

    base, other: {round: value}."""
    mb, mo = mean(list(base.values())), mean(list(other.values()))
    if not mb or mo is None:
        return "n/a"
    bb = {block_of(r, ntr): v for r, v in base.items()}
    per = [v / bb[block_of(r, ntr)] for r, v in other.items()
           if bb.get(block_of(r, ntr))]
    cell = "**%.2f**" % (mo / mb)
    if len(per) > 1:
        cell += " (%.2f-%.2f)" % (min(per), max(per))
    return cell


def load_summary(load, meta):
    lines = ["Host load: `/proc/loadavg` %s at the start, %s at the end."
             % (meta.get("load_start", "n/a"), meta.get("load_end", "n/a"))]
    if load:
        l1 = [r[1] for r in load]
        others = [r[2] for r in load]
        lines.append("Sampled every 5 s: 1-minute load %.1f-%.1f (mean %.1f) on %s "
                     "cores; other QEMU guests running: %d-%d (mean %.1f)."
                     % (min(l1), max(l1), mean(l1), meta.get("cores", "?"),
                        min(others), max(others), mean(others)))
    return " ".join(lines)


def fio(d, trs):
    meta, load = read_meta(d), read_load(d)
    res = {}  # (tr, job) -> {round: (iops, mibs, lat_us)}
    rounds = {}  # round -> tr
    with open(os.path.join(d, "results.txt")) as f:
        for line in f:
            p = line.split()
            if len(p) < 7:
                continue
            rnd, tr, job = int(p[0]), p[1], p[2]
            rounds[rnd] = tr
            res.setdefault((tr, job), {})[rnd] = {
                "iops": float(p[3]), "mibs": float(p[4]), "lat": float(p[5]),
                "ctxt": float(p[9]) if len(p) > 9 else None,
                "txp": float(p[10]) if len(p) > 10 else None,
                "rxp": float(p[11]) if len(p) > 11 else None}
    ntr = len(trs)
    print("fio on one %s MiB guest, transports alternated in one boot, order %s; "
          "%s s per job after a 3 s ramp; one 1 GiB tgtd LUN, the first 512 MiB "
          "prefilled. Guest kernel %s. iscsi_netswap: %s. %s"
          % (meta.get("guest_mib", "?"), meta.get("order", "?"),
             meta.get("runtime", "?"), meta.get("kernel", "?"),
             meta.get("module", "?"), meta.get("date", "?")))
    print()
    print(load_summary(load, meta))
    print()
    head = "| workload |" + "".join(" %s |" % t for t in trs)
    head += "".join(" %s / %s |" % (t, trs[0]) for t in trs[1:])
    print(head)
    print("|---|" + "---|" * (2 * ntr - 1))
    for job, name, key, unit in FIO_JOBS:
        row = "| %s |" % name
        for t in trs:
            r = res.get((t, job), {})
            v = [x[key] for x in r.values()]
            lat = mean([x["lat"] for x in r.values()])
            row += " %s %s%s, %s ms |" % (fmt(mean(v)), unit, spread(v),
                                          fmt(lat / 1000 if lat else None, 1))
        for t in trs[1:]:
            b = {k: x["mibs"] for k, x in res.get((trs[0], job), {}).items()}
            o = {k: x["mibs"] for k, x in res.get((t, job), {}).items()}
            row += " %s |" % ratio_cell(b, o, ntr)
        print(row)
    print()
    print("Per I/O, counted in the guest over the disk's completed I/Os in "
          "`/proc/diskstats` (the whole guest, each job's ramp included): "
          "context switches (`/proc/stat` ctxt) and packets sent and "
          "received on its NIC; counts the host's load does not move.")
    print()
    counts = (("ctxt", "context switches"), ("txp", "packets sent"),
              ("rxp", "packets received"))
    print("| workload |" + "".join(" %s, %s |" % (n, t)
                                   for _, n in counts for t in trs))
    print("|---|" + "---|" * (ntr * len(counts)))
    for job, name, _, _ in FIO_JOBS:
        row = "| %s |" % name
        for key, _ in counts:
            for t in trs:
                v = [x[key] for x in res.get((t, job), {}).values()
                     if x[key] is not None]
                row += " %s |" % fmt(mean(v), 2)
        print(row)
    print()
    print("Rounds:")
    print()
    print("| round | transport |" + "".join(" %s |" % n for _, n, _, _ in FIO_JOBS)
          + " host load1 | other guests |")
    print("|---|---|" + "---|" * (len(FIO_JOBS) + 2))
    for rnd in sorted(rounds):
        tr = rounds[rnd]
        row = "| %d | %s |" % (rnd, tr)
        for job, _, key, unit in FIO_JOBS:
            x = res.get((tr, job), {}).get(rnd)
            row += " %s |" % ("n/a" if x is None else "%.0f %s" % (x[key], unit))
        row += " %s | %s |" % round_load(load, rnd, tr)
        print(row)
    if meta.get("status", "0") != "0":
        print()
        print("**INCOMPLETE**: the guest failed (status %s); see %s."
              % (meta["status"], meta.get("logs", d)))


def read_result(path):
    r = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                r[k] = v
    except OSError:
        pass
    return r


def swap(d, trs):
    meta, load = read_meta(d), read_load(d)
    runs = []
    with open(os.path.join(d, "runs.txt")) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                rnd, tr, rc = int(p[0]), p[1], int(p[2])
                r = read_result(os.path.join(d, "run-%d" % rnd, "vm", "result"))
                outcome = {0: "pass", 124: "STALL", 126: "KERNEL WARN/hung task"}.get(
                    rc, "FAIL (%d)" % rc)
                try:
                    el = float(r["elapsed_s"])
                    out = int(r["pswpout"])
                    x = {"elapsed": el, "pswpout": out, "rate": out / el,
                         "write": float(r["write_s"]), "verify": float(r["verify_s"])}
                except (KeyError, ValueError, ZeroDivisionError):
                    x = None
                runs.append((rnd, tr, outcome, x, r))
    ntr = len(trs)
    print("The swap stress of `tests/func/swap-stress.sh`: a %s MiB guest, the hog "
          "writes %s MiB in %s processes and verifies every page, swap on a 2 GiB "
          "tgtd LUN; iscsi_netswap through `iscsi-netswap swapon` (SWAP_TOOL=1). "
          "One fresh guest per run, order %s. Guest kernel %s. iscsi_netswap: %s. %s"
          % (meta.get("guest_mib", "?"), meta.get("hog_mib", "?"),
             meta.get("hog_procs", "?"), meta.get("order", "?"),
             meta.get("kernel", "?"), meta.get("module", "?"), meta.get("date", "?")))
    print()
    print(load_summary(load, meta))
    print()
    cols = [("elapsed", "elapsed s", 1), ("rate", "pswpout/s", 0),
            ("write", "write phase s", 1), ("verify", "verify phase s", 1)]
    print("| transport | runs passed |" + "".join(" %s |" % c[1] for c in cols))
    print("|---|---|" + "---|" * len(cols))
    ok = {t: {rnd: x for rnd, tr, o, x, _ in runs if tr == t and o == "pass" and x}
          for t in trs}
    for t in trs:
        n = sum(1 for r in runs if r[1] == t)
        row = "| %s | %d / %d |" % (t, len(ok[t]), n)
        for key, _, dig in cols:
            v = [x[key] for x in ok[t].values()]
            row += " %s%s |" % (fmt(mean(v), dig), spread(v))
        print(row)
    for t in trs[1:]:
        row = "| %s / %s | |" % (t, trs[0])
        for key, _, _ in cols:
            b = {r: x[key] for r, x in ok[trs[0]].items()}
            o = {r: x[key] for r, x in ok[t].items()}
            row += " %s |" % ratio_cell(b, o, ntr)
        print(row)
    print()
    for t in trs[1:]:
        mb = mean([x["elapsed"] for x in ok[trs[0]].values()])
        mo = mean([x["elapsed"] for x in ok[t].values()])
        if mb and mo:
            print("Target (issue 4): %s elapsed <= 0.80 x %s. Measured %.2f: %s."
                  % (t, trs[0], mo / mb, "met" if mo / mb <= 0.80 else "NOT met"))
        else:
            print("Target (issue 4): %s elapsed <= 0.80 x %s: no ratio (a transport "
                  "has no passing run)." % (t, trs[0]))
    print()
    print("Runs:")
    print()
    print("| run | transport | outcome | elapsed s | pswpout | pswpout/s | pswpin "
          "| pages verified | host load1 | other guests |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for rnd, tr, outcome, x, r in runs:
        print("| %d | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |"
              % ((rnd, tr, outcome, fmt(x and x["elapsed"], 1), r.get("pswpout", ""),
                  fmt(x and x["rate"]), r.get("pswpin", ""),
                  r.get("verified", ""), r.get("pages", ""))
                 + round_load(load, rnd, tr)))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("fio", "swap"):
        sys.stderr.write(__doc__)
        return 2
    {"fio": fio, "swap": swap}[sys.argv[1]](sys.argv[2], sys.argv[3:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
