#!/usr/bin/env python3
"""Leave-one-category-out on NAB: usage nab_loco.py SCORE_CSV_OUTPUT_DIR FILE_LIST [NAB_SCORE_PY].

For each category of FILE_LIST (the part of a path before the '/'), the threshold that NAB's
optimiser picks per profile on the OTHER categories is applied to the held-out one. Each held-out
file's scores are mapped monotonically so that its category's threshold lands on 0.5, and the
whole list is then scored at 0.5: one figure per profile, as if every category had been tuned
without seeing it. Printed beside the figure at the served threshold 0.5, it says how much a
threshold tuned on NAB would overstate the detector (in-sample, optimised thresholds stand above)."""
import csv, json, os, subprocess, sys, tempfile, shutil

out, listfile = sys.argv[1], sys.argv[2]
nab = sys.argv[3] if len(sys.argv) > 3 else '../shared/nab/nab_score.py'
files = [l.strip() for l in open(listfile) if l.strip()]
categories = sorted({f.split('/')[0] for f in files})
PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']
work = tempfile.mkdtemp(prefix='nab-loco-')


def find(name):
    for dp, _, fn in os.walk(out):
        if name in fn:
            return os.path.join(dp, name)
    raise SystemExit('no output for ' + name)


def run(args):
    subprocess.run([sys.executable, nab] + args, check=True, stdout=subprocess.DEVNULL)


thresholds = {}  # category -> profile -> threshold picked without it
for c in categories:
    others = os.path.join(work, 'others-' + c + '.txt')
    with open(others, 'w') as fh:
        fh.write('\n'.join(f for f in files if not f.startswith(c + '/')) + '\n')
    saved = os.path.join(work, 'thr-' + c + '.json')
    run(['selfheal=' + out, '--files', others, '--save-thresholds', saved])
    t = json.load(open(saved))['selfheal']
    thresholds[c] = {p: t[p]['threshold'] for p in PROFILES}


def mapped(score, t):
    # monotone, [0,1] onto [0,1], t onto 0.5
    if t <= 0:
        return 0.5 + 0.5 * score
    if t >= 1:
        return 0.5 * score
    return 0.5 * score / t if score < t else 0.5 + 0.5 * (score - t) / (1 - t)


figures = {}
for p in PROFILES:
    d = os.path.join(work, 'loco-' + p)
    os.makedirs(d)
    for f in files:
        t = thresholds[f.split('/')[0]][p]
        src = find(os.path.basename(f))
        with open(src) as i, open(os.path.join(d, os.path.basename(f)), 'w', newline='') as o:
            r = csv.DictReader(i)
            w = csv.DictWriter(o, fieldnames=r.fieldnames)
            w.writeheader()
            for row in r:
                row['anomaly_score'] = '%.6f' % mapped(float(row['anomaly_score']), t)
                w.writerow(row)
    js = os.path.join(work, 'loco-' + p + '.json')
    fixed = os.path.join(work, 'half.json')
    with open(fixed, 'w') as fh:
        json.dump({q: 0.5 for q in PROFILES}, fh)
    run(['selfheal=' + d, '--files', listfile, '--profile', p, '--fixed-thresholds', fixed, '--json', js])
    figures[p] = json.load(open(js))['results']['selfheal'][p]['score']

print('thresholds picked without each category (standard / reward_low_FP / reward_low_FN):')
for c in categories:
    print('  %-24s %s' % (c, ' / '.join('%.3f' % thresholds[c][p] for p in PROFILES)))
print('leave-one-category-out: ' + ' / '.join('%.2f' % figures[p] for p in PROFILES))
shutil.rmtree(work)
