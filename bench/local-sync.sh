#!/usr/bin/env bash
# Times the local target's dataset sync: the first plan (hash N source files), the first apply (copy them),
# a re-plan with nothing changed, and a plan + apply after one file changed (one copy).
# Usage: bench/local-sync.sh [FILES] [KIB_PER_FILE]   (default 2000 files of 100 KiB = ~200 MB)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-2000}"; kib="${2:-100}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data/normal" "$work/data/anomaly"
for i in $(seq 1 "$n"); do
  cls=$([ $((i % 2)) -eq 0 ] && echo normal || echo anomaly)
  head -c $((kib * 1024)) /dev/urandom > "$work/data/$cls/$i.png"
done
cat > "$work/dda-pipeline.yaml" <<YAML
apiVersion: dda/v1
kind: Pipeline
metadata: { name: bench-sync }
target: local
region: us-east-1
accounts: { local: { id: "000000000000" } }
buckets: { data: { account: local, name: bench-data } }
datasets: { d: { bucket: data, prefix: datasets/d/, source: ./data } }
YAML
dda() { "$here/bin/dda" "$@" -f "$work/dda-pipeline.yaml" --root "$work/root" > /dev/null 2>&1 || true; }
# wall time and CPU time (user+sys of the JVM): on a shared machine the CPU time is the steadier figure
t() { local TIMEFORMAT="$(printf '%-34s' "$label") %R s wall, %U s user, %S s sys"; time "$@"; }
echo "dataset sync, $n files x $kib KiB (load: $(cut -d' ' -f1-3 /proc/loadavg))"
label="plan, fresh (hash source)";        t dda plan
label="apply, fresh (copy all)";          t dda apply --auto-approve
label="plan, nothing changed";            t dda plan
head -c $((kib * 1024)) /dev/urandom > "$work/data/normal/2.png"
label="plan + apply, one file changed";   t dda apply --auto-approve
echo "objects in bucket: $(find "$work/root/accounts/000000000000/buckets/bench-data/objects" -type f | wc -l)"
