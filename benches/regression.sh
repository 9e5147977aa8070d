#!/usr/bin/env bash
# Every criterion bench, run on an older commit and on this tree, compared by median:
# the check "no existing benchmark regressed by more than 10 %" (issue 23).
#
#   git worktree add --detach /tmp/mt-old <commit>
#   benches/regression.sh /tmp/mt-old [criterion filter]
#
# Each bench binary runs old then new, one after the other, so load that drifts over the
# run lands on both sides of a pair. Results go to $REGRESSION_DIR (default
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

mkdir -p "$out"
export CRITERION_HOME="$out/criterion"

run() { # tree target baseline bench
    (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --locked --bench "$4" -- \
        --save-baseline "$3" ${filter:+"$filter"})
}

for bench in $benches; do
    [ -f "$old_tree/benches/$bench.rs" ] || { echo "($bench: not in the old tree)"; continue; }
    run "$old_tree" "$old_target" before "$bench"
    run "$here" "$new_target" after "$bench"
done

# Medians side by side, worst first; exit 1 when one is above the threshold.
python3 - "$CRITERION_HOME" "$threshold" <<'PY'
import json, pathlib, sys
home, threshold = pathlib.Path(sys.argv[1]), float(sys.argv[2])
rows = []
for before in home.rglob("before/estimates.json"):
    after = before.parent.parent / "after" / "estimates.json"
    if not after.exists():
        continue
    name = json.loads((before.parent / "benchmark.json").read_text())["full_id"]
    old = json.loads(before.read_text())["median"]["point_estimate"]
    new = json.loads(after.read_text())["median"]["point_estimate"]
    rows.append(((new / old - 1) * 100, name, old, new))
rows.sort(reverse=True)
def ms(ns):
    return f"{ns / 1e6:.3f} ms"
print(f"| bench | before | after | change |\n|---|---:|---:|---:|")
for change, name, old, new in rows:
    flag = " ✘" if change > threshold else ""
    print(f"| `{name}` | {ms(old)} | {ms(new)} | {change:+.1f} %{flag} |")
worse = [r for r in rows if r[0] > threshold]
print(f"\n{len(rows)} benches compared, {len(worse)} more than {threshold:g} % slower")
sys.exit(1 if worse else 0)
PY
