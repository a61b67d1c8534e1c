#!/usr/bin/env python3
"""The served verdict on NAB: usage nab_served.py SCORE_CSV_OUTPUT_DIR FILE_LIST [NAB_EXPORT_DIR].

Prints the labelled windows in which `anomalous` is 1 at some row, the rows outside windows
(after NAB's probationary period) where it is 1, the same for `outside_now` ("now", what a decision
reads) when the output has it (score-csv --components), and, for `anomaly_score` at 0.5, windows hit,
false-positive rows and the mean position of the first hit in its window (0 = left edge)."""
import csv, json, sys, os, math
out, listfile = sys.argv[1], sys.argv[2]
root = sys.argv[3] if len(sys.argv) > 3 else '../shared/nab/nab-export'
labels = json.load(open(root + '/labels/combined_windows.json'))
files = [l.strip() for l in open(listfile) if l.strip()]
win_total = win_anom = win_score = 0
out_pts = out_anom = out_score = 0
win_now = out_now = 0
has_now = False
first_pos = []
for f in files:
    name = os.path.basename(f)
    path = None
    for dp, dn, fn in os.walk(out):
        if name in fn:
            path = os.path.join(dp, name); break
    rows = list(csv.DictReader(open(path)))
    ts = [r['timestamp'] for r in rows]
    n = len(rows)
    prob = int(min(math.floor(0.15 * n), 0.15 * 5000))
    key = f if f in labels else [k for k in labels if k.endswith(name)][0]
    wins = labels[key]
    inwin = [False] * n
    for (a, b) in wins:
        a = a.split('.')[0]; b = b.split('.')[0]
        idx = [i for i, t in enumerate(ts) if a <= t <= b]
        if not idx: continue
        for i in idx: inwin[i] = True
        win_total += 1
        if any(rows[i]['anomalous'] == '1' for i in idx): win_anom += 1
        if any(rows[i].get('outside_now') == '1' for i in idx): win_now += 1
        hits = [i for i in idx if float(rows[i]['anomaly_score']) >= 0.5]
        if hits:
            win_score += 1
            first_pos.append((hits[0] - idx[0]) / len(idx))
    for i in range(prob, n):
        if not inwin[i]:
            out_pts += 1
            if rows[i]['anomalous'] == '1': out_anom += 1
            if 'outside_now' in rows[i]:
                has_now = True
                if rows[i]['outside_now'] == '1': out_now += 1
            if float(rows[i]['anomaly_score']) >= 0.5: out_score += 1
print(f"windows={win_total} score_hit={win_score} first_hit_mean={sum(first_pos)/max(1,len(first_pos)):.2f} score_fp_points={out_score} "
      f"served_windows={win_anom} ({100*win_anom/win_total:.0f}%) served_outside={out_anom}/{out_pts} ({100*out_anom/out_pts:.1f}%)")
if has_now:
    print(f"now_windows={win_now} ({100*win_now/win_total:.0f}%) now_outside={out_now}/{out_pts} ({100*out_now/out_pts:.1f}%)")
