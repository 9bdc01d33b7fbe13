#!/usr/bin/env python3
"""Turns the drill's raw records into drill/report.md and drill/chart.png:
per-second requests, errors and p99 from k6's CSV, the service mode sampled
each second, the faults' timing, the scale runs and the reconciliation."""
import csv
import gzip
import json
import math
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out = sys.argv[1]

# One row per request: (second, kind, status, duration ms).
requests = []
surge = []
with gzip.open(f"{out}/k6-night.csv.gz", "rt") as f:
    for row in csv.DictReader(f):
        if row["metric_name"] != "http_req_duration":
            continue
        tags = dict(t.split("=", 1) for t in row.get("extra_tags", "").split("&") if "=" in t)
        if "kind" not in tags:
            continue  # setup's logins and listings
        requests.append((int(float(row["timestamp"])), tags["kind"], row.get("status") or "0", float(row["metric_value"])))
        if row.get("scenario") == "surge":
            surge.append(float(row["timestamp"]))
if not requests:
    sys.exit("no requests recorded")
t0 = min(r[0] for r in requests)
t_end = max(r[0] for r in requests)

GOOD = {"200", "201", "202", "409", "422"}


def p99(values):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(0.99 * len(values)) - 1)]


per_second = defaultdict(lambda: {"n": 0, "good": 0, "errors": 0, "durations": []})
for second, _, status, ms in requests:
    s = per_second[second - t0]
    s["n"] += 1
    s["durations"].append(ms)
    if status in GOOD:
        s["good"] += 1
    elif status in ("0",) or status.startswith("5"):
        s["errors"] += 1

faults = defaultdict(dict)
for line in open(f"{out}/faults.csv"):
    at, edge, name = line.strip().split(",")
    faults[name][edge] = float(at) - t0
if surge:
    faults["surge"] = {"start": min(surge) - t0, "end": max(surge) - t0}
modes = []
for line in open(f"{out}/modes.csv"):
    at, mode = line.strip().split(",")
    modes.append((float(at) - t0, mode))

# Phases: before the first fault, each fault (its start to 10 s after its
# end), and after the last.
order = sorted(
    ((n, f) for n, f in faults.items() if n != "surge"), key=lambda kv: kv[1].get("start", 0)
)
phases = []
first = order[0][1]["start"] if order else t_end - t0
phases.append(("steady, before faults", 0, first))
for name, f in order:
    phases.append((name.replace("_", " "), f["start"], f.get("end", f["start"]) + 10))
surge_start = faults["surge"]["start"] if "surge" in faults else t_end - t0 + 1
if order:
    phases.append(("after the faults", order[-1][1].get("end", 0) + 10, surge_start))
if "surge" in faults:
    phases.append(("surge above capacity", surge_start, faults["surge"]["end"] + 1))


def phase_rows(start, end):
    return [r for r in requests if start <= r[0] - t0 < end]


def recovery(f):
    """Seconds from the fault's start to the end of the last second, within
    it and the 10 s after, where 1 % or more of the requests failed (5xx or
    no answer): 0 when the crowd never saw it."""
    start, end = int(f["start"]), int(f.get("end", f["start"])) + 10
    bad = [x for x in range(start, end)
           if per_second.get(x) and per_second[x]["errors"] / per_second[x]["n"] >= 0.01]
    return (max(bad) + 1 - f["start"]) if bad else 0.0


lines = ["# Drill report", ""]
lines.append("| phase | seconds | goodput (req/s) | 429 | 5xx | no answer | p99 (ms) | fault lasted (s) | errors seen until (s) |")
lines.append("|---|---|---|---|---|---|---|---|---|")
for name, start, end in phases:
    rows = phase_rows(start, end)
    secs = max(1e-9, end - start)
    n = len(rows) or 1
    by = defaultdict(int)
    for r in rows:
        by["429" if r[2] == "429" else "5xx" if r[2].startswith("5") else "0" if r[2] == "0" else "ok"] += 1
    good = sum(1 for r in rows if r[2] in GOOD)
    key = name.replace(" ", "_")
    fault = faults.get(key) if key != "surge" else None
    rec = f"{recovery(fault):.0f}" if fault else ""
    lasted = f"{fault.get('end', fault['start']) - fault['start']:.0f}" if fault else ""
    lines.append(
        f"| {name} | {start:.0f}–{end:.0f} | {good / secs:.0f} | {100 * by['429'] / n:.1f} % | "
        f"{100 * by['5xx'] / n:.1f} % | {100 * by['0'] / n:.1f} % | {p99([r[3] for r in rows]):.0f} | {lasted} | {rec} |"
    )

by_kind = defaultdict(lambda: defaultdict(int))
for _, kind, status, _ in requests:
    by_kind[kind][status] += 1
lines += ["", "| request | answers by status |", "|---|---|"]
for kind, statuses in sorted(by_kind.items()):
    lines.append(f"| {kind} | " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())) + " |")
tv = by_kind.get("apply_television", {})
if tv:
    lines.append("")
    lines.append(
        f"The five television missions (a fifth of the applications): {tv.get('201', 0)} places given, "
        f"{tv.get('409', 0)} told full or already applied, {tv.get('503', 0)} refused as overloaded "
        "(target: none while the platform is below capacity)."
    )

changes = [(at, m) for i, (at, m) in enumerate(modes) if i == 0 or modes[i - 1][1] != m]
lines += ["", "Service mode over the run (sampled each second through nginx): " +
          ", ".join(f"{m} from {at:.0f} s" for at, m in changes) + "."]

# The mode changes as the service recorded them (service_mode_changes).
recorded = []
try:
    for line in open(f"{out}/mode_changes.csv"):
        at, before, after, source, reason = line.rstrip("\n").split("|", 4)
        recorded.append((float(at) - t0, before, after, source, reason))
except FileNotFoundError:
    pass
if recorded:
    lines += ["", "| mode change (recorded by the service) | at (s) | after the surge began (s) | source | reason |", "|---|---|---|---|---|"]
    for at, before, after, source, reason in recorded:
        since = f"{at - surge_start:.1f}" if "surge" in faults and at >= surge_start else ""
        lines.append(f"| {before} → {after} | {at:.1f} | {since} | {source} | {reason} |")

scale_secs = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
scale_rate = sys.argv[3] if len(sys.argv) > 3 else "?"
lines += ["", "## Scale: the same load, no faults", "", "| replicas | offered (req/s) | answered (req/s) | within checks | p99 (ms) |", "|---|---|---|---|---|"]
for line in open(f"{out}/scale.csv"):
    replicas, path = line.strip().split(",")
    m = json.load(open(path))["metrics"]
    reqs = m["http_reqs"]
    checks = m.get("checks", {})
    lines.append(
        f"| {replicas} | {scale_rate} | {m.get('iterations', {}).get('count', 0) / scale_secs:.0f} | "
        f"{100 * checks.get('value', 0):.1f} % | {m['http_req_duration']['p(99)']:.0f} |"
    )

# Per process: peak resident memory, and mean and peak CPU (ticks of 10 ms
# between samples, as a share of one core).
samples = defaultdict(list)
try:
    for line in open(f"{out}/resources.csv"):
        at, name, rss, ticks = line.strip().split(",")
        samples[name].append((int(at), float(rss), int(float(ticks))))
except FileNotFoundError:
    pass
if samples:
    lines += ["", "## Renfort processes during the night", "", "| process | peak memory (MiB) | mean CPU (cores) | peak CPU (cores) |", "|---|---|---|---|"]
    for name, rows in sorted(samples.items()):
        cpu = [(b[2] - a[2]) / 100 / max(1, b[0] - a[0]) for a, b in zip(rows, rows[1:]) if b[2] >= a[2]]
        lines.append(
            f"| {name} | {max(r[1] for r in rows):.0f} | {sum(cpu) / max(1, len(cpu)):.2f} | {max(cpu, default=0):.2f} |"
        )

rec = json.load(open(f"{out}/reconcile.json"))
lines += ["", "## Nothing lost", "", "| check | value |", "|---|---|"]
lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in rec.items()]
lines += ["", "![the night](chart.png)", ""]
open(f"{out}/report.md", "w").write("\n".join(lines))

xs = sorted(per_second)
fig, axes = plt.subplots(4, 1, figsize=(11, 9), sharex=True)
axes[0].plot(xs, [per_second[x]["n"] for x in xs], label="requests/s")
axes[0].plot(xs, [per_second[x]["good"] for x in xs], label="goodput/s")
axes[0].legend(loc="upper right")
axes[1].plot(xs, [per_second[x]["errors"] for x in xs], color="tab:red", label="5xx and no answer /s")
axes[1].legend(loc="upper right")
axes[2].plot(xs, [p99(per_second[x]["durations"]) for x in xs], color="tab:purple", label="p99 (ms)")
axes[2].set_yscale("log")
axes[2].legend(loc="upper right")
axes[3].step([at for at, _ in modes], [1 if m == "degraded" else 0 for _, m in modes], where="post", label="degraded")
axes[3].set_yticks([0, 1], ["normal", "degraded"])
axes[3].set_xlabel("seconds since the load began")
for name, f in faults.items():
    for ax in axes:
        ax.axvspan(f["start"], f.get("end", f["start"] + 1), color="orange", alpha=0.25)
    axes[0].annotate(name.replace("_", " "), (f["start"], axes[0].get_ylim()[1] * 0.9), fontsize=8)
fig.suptitle("The drill: crowd through nginx, faults shaded")
fig.tight_layout()
fig.savefig(f"{out}/chart.png", dpi=90)
print("\n".join(lines))
