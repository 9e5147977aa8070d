#!/usr/bin/env bash
# Every criterion bench, run on an older commit and on this tree, compared by median:
# the check "no existing benchmark regressed by more than 10 %" (issue 23).
#
#   git worktree add --detach /tmp/mt-old <commit>
#   benches/regression.sh /tmp/mt-old [criterion filter]
#
# Each bench binary runs old then new, one after the other, REPEATS times (default 2), so
# load that drifts over the run lands on both sides; each side keeps its best median (the
# run least disturbed by anything else on the machine). Results go to $REGRESSION_DIR (default
# target/regression); the last step prints a Markdown table of the medians, worst first,
# and fails when a bench's new median is more than THRESHOLD % above the old one.
set -euo pipefail

old_tree=${1:?usage: benches/regression.sh OLD_WORKTREE [filter]}
filter=${2:-}
threshold=${THRESHOLD:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
out=${REGRESSION_DIR:-$here/target/regression}
old_target=${OLD_TARGET_DIR:-$out/old-target}
new_target=${CARGO_TARGET_DIR:-$here/target}
benches=${BENCHES:-render report storage diagram interchange merge discover}
repeats=${REPEATS:-2}

mkdir -p "$out"
export CRITERION_HOME="$out/criterion"

run() { # tree target baseline bench
    (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --locked --bench "$4" -- \
        --save-baseline "$3" ${filter:+"$filter"})
}

for bench in $benches; do
    [ -f "$old_tree/benches/$bench.rs" ] || { echo "($bench: not in the old tree)"; continue; }
    for round in $(seq "$repeats"); do
        run "$old_tree" "$old_target" "before$round" "$bench"
        run "$here" "$new_target" "after$round" "$bench"
    done
done

# Medians side by side, worst first; exit 1 when one is above the threshold.
python3 - "$CRITERION_HOME" "$threshold" <<'PY'
import json, pathlib, sys
home, threshold = pathlib.Path(sys.argv[1]), float(sys.argv[2])
rows, unpaired = [], []
for bench in {p.parent.parent for p in home.rglob("before*/estimates.json")}:
    def best(side):
        found = [json.loads(p.read_text())["median"]["point_estimate"]
                 for p in bench.glob(side + "*/estimates.json")]
        return min(found) if found else None
    old, new = best("before"), best("after")
    if old is None or new is None:
        unpaired.append(str(bench.relative_to(home)))
        continue
    name = json.loads(next(bench.glob("before*/benchmark.json")).read_text())["full_id"]
    rows.append(((new / old - 1) * 100, name, old, new))
rows.sort(reverse=True)
def ms(ns):
    return f"{ns / 1e6:.3f} ms"
print("| bench | before (best median) | after (best median) | change |\n|---|---:|---:|---:|")
for change, name, old, new in rows:
    flag = " ✘" if change > threshold else ""
    print(f"| `{name}` | {ms(old)} | {ms(new)} | {change:+.1f} %{flag} |")
for name in sorted(unpaired):
    print(f"(only in the old tree: {name})")
worse = [r for r in rows if r[0] > threshold]
print(f"\n{len(rows)} benches compared, {len(worse)} more than {threshold:g} % slower")
sys.exit(1 if worse else 0)
PY
