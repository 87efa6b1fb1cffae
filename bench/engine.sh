#!/usr/bin/env bash
# Engine benchmark: planning cost per resource, and apply wall time by --parallelism against the in-memory
# fake target (fixed handler latency, real fsynced state writes). Prints its figures.
#   bench/engine.sh [PLAN_RESOURCES=2000] [APPLY_RESOURCES=64] [LATENCY_MS=50]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q -pl runner -am -DskipTests package test-compile >/dev/null
r=runner/target
exec java -cp "$r/test-classes:$r/classes:$r/lib/*" dev.dda.apply.EngineBench "$@"
