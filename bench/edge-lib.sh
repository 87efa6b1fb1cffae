# Shared by bench/edge and bench/edge-soak (sourced; needs ROOT, JAR, WORK, EDGE_JAVA_OPTS and a NAME for messages).

# Trains the example pipeline's model (examples/pipelines/aliens-local.yaml), the one the README deploys, into
# REPO/MODEL/VERSION.
edge_train_example() { # repo model version
  # shellcheck disable=SC2046
  "$ROOT/bin/dda" train --data "$ROOT/examples/data/aliens" --out "$1/$2/$3" --name "$2" \
    --version "$3" $("$ROOT/bench/example-hyperparameters") --quiet >"$WORK/train.log" 2>&1 \
    || { cat "$WORK/train.log" >&2; exit 1; }
}

# Starts the server on a free port with the given serve arguments; sets SPID and PORT once it is ready.
edge_start() { # serve args...
  local started_ns
  started_ns=$(date +%s%N)
  # shellcheck disable=SC2086
  java $EDGE_JAVA_OPTS -jar "$JAR" serve "$@" --port 0 >"$WORK/server.log" 2>&1 &
  SPID=$!
  PORT=""
  for _ in $(seq 1 600); do
    PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SPID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.05
  done
  [ -n "$PORT" ] || { echo "$NAME: the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
  until curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null; do
    kill -0 "$SPID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    if grep -q "failed to load" "$WORK/server.log"; then cat "$WORK/server.log" >&2; exit 1; fi
    if [ $(( ($(date +%s%N) - started_ns) / 1000000 )) -gt 120000 ]; then echo "$NAME: not ready in 120 s" >&2; exit 1; fi
    sleep 0.02
  done
}
