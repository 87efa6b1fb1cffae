<#-- Greengrass recipe of one model component (one per compile target). Values are escaped as double-quoted YAML
     scalars; scripts read them from Setenv only. Startup copies the model package into the edge service's model
     repository and loads it through the server's load API; a non-2xx answer, or a version that does not become
     ready in time, fails Startup, so Greengrass rolls back to the previous version, which keeps serving.
     Shutdown asks the server to unload only after UnloadDelaySeconds: on an update Greengrass stops the old version
     before it starts the new one, and the new one's load, which swaps versions with no failed request, cancels that
     unload; so does a rollback's load of the old version. A removed model stops serving after the delay. -->
---
RecipeFormatVersion: "2020-01-25"
ComponentName: "${name}"
ComponentVersion: "${version}"
ComponentType: "aws.greengrass.generic"
ComponentDescription: "${description}"
ComponentPublisher: "${publisher}"
ComponentConfiguration:
  DefaultConfiguration:
    ModelName: "${modelName}"
    ModelVersion: "${modelVersion}"
    FriendlyName: "${friendlyName}"
    CompileTarget: "${target}"
    LoadTimeoutSeconds: ${loadTimeoutSeconds}
    UnloadDelaySeconds: 60
    ModelConfidenceThresholds:
      AnomalyThreshold: ${anomalyThreshold}
      NormalThreshold: ${normalThreshold}
    ModelMetaData:
<#list metrics as m>
      "${m.name}": ${m.value}
</#list>
ComponentDependencies:
  "${edgeName}":
    VersionRequirement: ">=${edgeMajor}.0.0 <${edgeMajor + 1}.0.0"
    DependencyType: "HARD"
Manifests:
  - Platform:
      os: "${platform.os}"
      architecture: "${platform.architecture}"
<#if platform.accelerator??>
      accelerator: "${platform.accelerator}"
</#if>
    Lifecycle:
      Setenv:
        DDA_MODEL_NAME: "{configuration:/ModelName}"
        DDA_MODEL_VERSION: "{configuration:/ModelVersion}"
        DDA_MODEL_LOAD_TIMEOUT: "{configuration:/LoadTimeoutSeconds}"
        DDA_MODEL_UNLOAD_DELAY: "{configuration:/UnloadDelaySeconds}"
        DDA_MODEL_SOURCE: "{artifacts:decompressedPath}/${zipBase}"
        DDA_EDGE_MODELS: "{${edgeName}:work:path}/models"
        DDA_EDGE_HOST: "{${edgeName}:configuration:/Host}"
        DDA_EDGE_PORT: "{${edgeName}:configuration:/Port}"
      Startup:
        Timeout: ${loadTimeoutSeconds + 60}
        Script: |
          set -eu
          src="$DDA_MODEL_SOURCE/$DDA_MODEL_NAME/$DDA_MODEL_VERSION"
          test -f "$src/manifest.json" || { echo "dda model: no model package at $src" >&2; exit 1; }
          dest="$DDA_EDGE_MODELS/$DDA_MODEL_NAME/$DDA_MODEL_VERSION"
          # the manifest lists every file's SHA-256: the same manifest means the same package
          if [ ! -d "$dest" ] || ! cmp -s "$src/manifest.json" "$dest/manifest.json"; then
            staging="$DDA_EDGE_MODELS/$DDA_MODEL_NAME/.staging-$DDA_MODEL_VERSION"
            rm -rf "$staging"
            mkdir -p "$DDA_EDGE_MODELS/$DDA_MODEL_NAME"
            cp -R "$src" "$staging"
            rm -rf "$dest"
            mv "$staging" "$dest"
          fi
          base="http://$DDA_EDGE_HOST:$DDA_EDGE_PORT/v2"
          out="$(mktemp)"
          code="$(curl -sS -o "$out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            --data "{\"parameters\":{\"version\":\"$DDA_MODEL_VERSION\"}}" \
            "$base/repository/models/$DDA_MODEL_NAME/load" 2>>"$out")" || code="000"
          case "$code" in
            2??) ;;
            *) echo "dda model: loading $DDA_MODEL_NAME $DDA_MODEL_VERSION failed (HTTP $code): $(head -c 2000 "$out")" >&2
               rm -f "$out"
               exit 1 ;;
          esac
          rm -f "$out"
          deadline=$(( $(date +%s) + DDA_MODEL_LOAD_TIMEOUT ))
          while [ "$(date +%s)" -lt "$deadline" ]; do
            if curl -fsS --max-time 2 -o /dev/null "$base/models/$DDA_MODEL_NAME/versions/$DDA_MODEL_VERSION/ready" 2>/dev/null; then
              echo "dda model: $DDA_MODEL_NAME $DDA_MODEL_VERSION is loaded and ready"
              exit 0
            fi
            sleep 0.5
          done
          echo "dda model: $DDA_MODEL_NAME $DDA_MODEL_VERSION did not become ready within $DDA_MODEL_LOAD_TIMEOUT s" >&2
          exit 1
      Shutdown:
        Timeout: 30
        Script: |
          set -eu
          base="http://$DDA_EDGE_HOST:$DDA_EDGE_PORT/v2"
          delay="$DDA_MODEL_UNLOAD_DELAY"
          case "$delay" in ''|*[!0-9]*) delay=0 ;; esac
          if curl -fsS --max-time 2 -o /dev/null "$base/models/$DDA_MODEL_NAME/versions/$DDA_MODEL_VERSION/ready" 2>/dev/null; then
            curl -fsS --max-time 2 -o /dev/null -X POST -H 'Content-Type: application/json' \
              --data "{\"parameters\":{\"delay_seconds\":$delay}}" \
              "$base/repository/models/$DDA_MODEL_NAME/unload" 2>/dev/null || true
          fi
    Artifacts:
      - URI: "${artifact.uri}"
        Digest: "${artifact.digest}"
        Algorithm: "SHA-256"
        Unarchive: "ZIP"
        Permission:
          Read: "OWNER"
