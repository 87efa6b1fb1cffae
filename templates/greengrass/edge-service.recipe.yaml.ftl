<#-- Greengrass recipe of dda's edge service (Jetty + TensorFlow Java). Every ${...} below is escaped as a
     double-quoted YAML scalar (QuotedScalarFormat); scripts hold no interpolated values, only Greengrass
     placeholders and environment variables set through Setenv, so no spec value ever reaches a shell as code.
     Greengrass allows either Startup or Run: Startup starts the service in the background and is the health gate
     (it exits 0 only once /v2/health/live answers), so a service that does not come up fails the deployment and
     Greengrass rolls back. -->
---
RecipeFormatVersion: "2020-01-25"
ComponentName: "${name}"
ComponentVersion: "${version}"
ComponentType: "aws.greengrass.generic"
ComponentDescription: "${description}"
ComponentPublisher: "${publisher}"
ComponentConfiguration:
  DefaultConfiguration:
    Port: ${port}
    Host: "${host}"
    JavaOptions: "${javaOptions}"
    StartupTimeoutSeconds: ${startupTimeoutSeconds}
    Threads: ""
ComponentDependencies:
  aws.greengrass.Nucleus:
    VersionRequirement: ">=2.4.0 <3.0.0"
    DependencyType: "SOFT"
  aws.greengrass.TokenExchangeService:
    VersionRequirement: ">=2.0.0 <3.0.0"
    DependencyType: "HARD"
Manifests:
<#list platforms as p>
  - Platform:
      os: "${p.os}"
      architecture: "${p.architecture}"
<#if p.accelerator??>
      accelerator: "${p.accelerator}"
</#if>
    Lifecycle:
      Setenv:
        DDA_EDGE_PORT: "{configuration:/Port}"
        DDA_EDGE_HOST: "{configuration:/Host}"
        DDA_EDGE_JAVA_OPTS: "{configuration:/JavaOptions}"
        DDA_EDGE_STARTUP_TIMEOUT: "{configuration:/StartupTimeoutSeconds}"
        DDA_EDGE_THREADS: "{configuration:/Threads}"
        DDA_EDGE_MODELS: "{work:path}/models"
        DDA_EDGE_PIDFILE: "{work:path}/edge.pid"
        DDA_EDGE_LOG: "{work:path}/edge.log"
        DDA_EDGE_HOME: "{artifacts:decompressedPath}/${p.appDir}"
        DDA_EDGE_NATIVE: "{artifacts:path}/${p.nativeFile}"
        DDA_EDGE_PLATFORM: "${p.classifier}"
      Install:
        Timeout: 120
        Script: |
          set -eu
          command -v java >/dev/null 2>&1 || { echo "dda edge: java 17 or newer is required on this device" >&2; exit 1; }
          command -v curl >/dev/null 2>&1 || { echo "dda edge: curl is required on this device" >&2; exit 1; }
          test -f "$DDA_EDGE_HOME/dda-edge.jar" || { echo "dda edge: $DDA_EDGE_HOME/dda-edge.jar is missing" >&2; exit 1; }
          test -f "$DDA_EDGE_NATIVE" || { echo "dda edge: TensorFlow native build $DDA_EDGE_PLATFORM is missing: $DDA_EDGE_NATIVE" >&2; exit 1; }
          mkdir -p "$DDA_EDGE_MODELS"
      Startup:
        Timeout: ${startupTimeoutSeconds + 30}
        Script: |
          set -eu
          set -f
          # only our own service: after a reboot the pid file may name an unrelated process that reused the pid
          old="$(cat "$DDA_EDGE_PIDFILE" 2>/dev/null || true)"
          if [ -n "$old" ] && { cat "/proc/$old/cmdline" 2>/dev/null || ps -p "$old" -o args= 2>/dev/null; } | grep -q "dev.dda.edge.EdgeMain"; then
            kill "$old" 2>/dev/null || true
            waited=0
            while [ "$waited" -lt 40 ] && kill -0 "$old" 2>/dev/null; do
              sleep 0.25
              waited=$((waited + 1))
            done
            kill -9 "$old" 2>/dev/null || true
          fi
          # whatever answers on the port now is not this service: the health checks below would take it for ours
          code="$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://$DDA_EDGE_HOST:$DDA_EDGE_PORT/v2/health/live" 2>/dev/null)" || true
          if [ -n "$code" ] && [ "$code" != "000" ]; then
            echo "dda edge: another process already answers on http://$DDA_EDGE_HOST:$DDA_EDGE_PORT (HTTP $code); stop it, or give this device's edge service another Port" >&2
            exit 1
          fi
          mkdir -p "$DDA_EDGE_MODELS"
          nohup java $DDA_EDGE_JAVA_OPTS -cp "$DDA_EDGE_HOME/dda-edge.jar:$DDA_EDGE_HOME/lib/*:$DDA_EDGE_NATIVE" \
            dev.dda.edge.EdgeMain serve --models "$DDA_EDGE_MODELS" --port "$DDA_EDGE_PORT" --host "$DDA_EDGE_HOST" \
            >>"$DDA_EDGE_LOG" 2>&1 </dev/null &
          pid=$!
          echo "$pid" >"$DDA_EDGE_PIDFILE"
          deadline=$(( $(date +%s) + DDA_EDGE_STARTUP_TIMEOUT ))
          while [ "$(date +%s)" -lt "$deadline" ]; do
            if curl -fsS --max-time 2 -o /dev/null "http://$DDA_EDGE_HOST:$DDA_EDGE_PORT/v2/health/live" 2>/dev/null; then
              echo "dda edge: live on http://$DDA_EDGE_HOST:$DDA_EDGE_PORT (pid $pid)"
              exit 0
            fi
            if ! kill -0 "$pid" 2>/dev/null; then
              echo "dda edge: the service exited while starting; last lines of $DDA_EDGE_LOG:" >&2
              tail -n 20 "$DDA_EDGE_LOG" >&2 || true
              rm -f "$DDA_EDGE_PIDFILE"
              exit 1
            fi
            sleep 0.5
          done
          echo "dda edge: not live after $DDA_EDGE_STARTUP_TIMEOUT s; stopping it" >&2
          kill "$pid" 2>/dev/null || true
          rm -f "$DDA_EDGE_PIDFILE"
          exit 1
      Shutdown:
        Timeout: 30
        Script: |
          set -eu
          if [ -f "$DDA_EDGE_PIDFILE" ]; then
            pid="$(cat "$DDA_EDGE_PIDFILE")"
            # only our own service: the pid file may outlive it (a reboot), and the pid be another process's
            if { cat "/proc/$pid/cmdline" 2>/dev/null || ps -p "$pid" -o args= 2>/dev/null; } | grep -q "dev.dda.edge.EdgeMain"; then
              kill "$pid" 2>/dev/null || true
              i=0
              while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
              kill -9 "$pid" 2>/dev/null || true
            fi
            rm -f "$DDA_EDGE_PIDFILE"
          fi
    Artifacts:
      - URI: "${p.app.uri}"
        Digest: "${p.app.digest}"
        Algorithm: "SHA-256"
        Unarchive: "ZIP"
        Permission:
          Read: "OWNER"
      - URI: "${p.native.uri}"
        Digest: "${p.native.digest}"
        Algorithm: "SHA-256"
        Unarchive: "NONE"
        Permission:
          Read: "OWNER"
</#list>
