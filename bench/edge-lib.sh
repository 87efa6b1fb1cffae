# Shared by bench/edge and bench/edge-soak (sourced; needs ROOT, JAR, WORK, EDGE_JAVA_OPTS and a NAME for messages).

# Trains the example pipeline's model (examples/pipelines/aliens-local.yaml), the one the README deploys, into
# REPO/MODEL/VERSION; further arguments go to dda train (e.g. --set method=cnn).
edge_train_example() { # repo model version [dda train arguments...]
  local repo=$1 model=$2 version=$3
  shift 3
  # shellcheck disable=SC2046
  "$ROOT/bin/dda" train --data "$ROOT/examples/data/aliens" --out "$repo/$model/$version" --name "$model" \
    --version "$version" $("$ROOT/bench/example-hyperparameters") "$@" --quiet >"$WORK/train.log" 2>&1 \
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

# Writes a wrk script that POSTs an image: as the multipart field 'image' (the DDA tutorial's client), or, given a
# content type, as the raw request body (a camera frame).
edge_wrk_script() { # lua-file image [raw-content-type]
  cat >"$1" <<LUA
local f = assert(io.open("$2", "rb")); local img = f:read("*all"); f:close()
local b = "ddaBenchBoundary7MA4YWxkTrZu0gW"
wrk.method = "POST"
if "${3:-}" ~= "" then
  wrk.headers["Content-Type"] = "${3:-}"
  wrk.body = img
else
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
  wrk.body = "--" .. b .. "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"part.png\"\r\n" ..
    "Content-Type: application/octet-stream\r\n\r\n" .. img .. "\r\n--" .. b .. "--\r\n"
end
LUA
}

# One JSON line from wrk's --latency output, in the shape of dda-edge's own load generator ('load'):
# clients, requests, req_per_s, p50_ms, p99_ms, non2xx, errors (socket errors of every kind).
edge_wrk_summary() { # wrk-output clients
  python3 - "$1" "$2" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
print(json.dumps({"clients": int(sys.argv[2]), "requests": int(re.search(r"(\d+) requests in", text).group(1)),
                  "req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50_ms": ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
                  "p99_ms": ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
                  "non2xx": int(bad.group(1)) if bad else 0,
                  "errors": sum(map(int, errors.groups())) if errors else 0}))
PY
}
