package dev.dda.view;

import dev.dda.graph.Address;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.plan.Plan;
import dev.dda.plan.PlannedAgainst;
import dev.dda.spec.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plans shaped like the aliens example, for view tests. */
public final class PlanFixtures {
    public static final String SECRET_VALUE = "ext-id-7f3a9c-do-not-print";

    private PlanFixtures() {}

    public static Change change(String address, Action action, List<String> reasons, Map<String, Object> before,
                                Map<String, Object> after) {
        return new Change(Address.parse(address), action, reasons, before, after, Set.of(), "sha256:" + address.length());
    }

    public static Map<String, Object> files(int normal, int anomaly) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 1; i <= normal; i++) {
            f.put("normal/" + i + ".png", "n" + i);
        }
        for (int i = 1; i <= anomaly; i++) {
            f.put("anomaly/" + i + ".png", "a" + i);
        }
        return f;
    }

    static Map<String, Object> training(double lr, String job) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("labels", "alien-labels");
        t.put("algorithm", "builtin");
        t.put("instanceType", "ml.m5.xlarge");
        t.put("maxRuntime", 3600);
        t.put("hyperparameters", Map.of("epochs", 30, "learningRate", lr));
        t.put("gates", List.of("auroc >= 0.95"));
        t.put("jobName", job);
        return t;
    }

    /** One hyperparameter changed and three images added: retrain, recompile, new component version, redeploy. */
    public static Plan retrain() {
        Secret ext = new Secret("${env:USECASE_EXTERNAL_ID}", SECRET_VALUE);
        List<Change> c = new ArrayList<>();
        c.add(change("account.usecase", Action.NOOP, List.of(), Map.of("id", "198226511894", "externalId", ext),
                Map.of("id", "198226511894", "externalId", ext)));
        c.add(change("bucket.output", Action.UPDATE, List.of("grants: write for usecase/DDATrainerRole added"),
                Map.of("name", "dda-alien-output", "grants", List.of(Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "write"))),
                Map.of("name", "dda-alien-output", "grants", List.of(Map.of("role", "usecase/DDASageMakerExecutionRole", "access", "write"),
                        Map.of("role", "usecase/DDATrainerRole", "access", "write")))));
        c.add(change("dataset.alien", Action.UPDATE, List.of("3 files to upload: anomaly/41.png, normal/41.png, normal/42.png"),
                Map.of("bucket", "data", "prefix", "datasets/alien/", "files", files(40, 40)),
                Map.of("bucket", "data", "prefix", "datasets/alien/", "files", files(42, 41))));
        c.add(change("labeling.alien-labels", Action.REPLACE, List.of("dataset.alien changed: 3 files added"),
                Map.of("dataset", "alien", "from", "folders", "labels", List.of("normal", "anomaly")),
                Map.of("dataset", "alien", "from", "folders", "labels", List.of("normal", "anomaly"))));
        Map<String, Object> oldTraining = training(0.001, "dda-alien-defect-detector-1a2b3c4d");
        oldTraining.put("metrics", Map.of("auroc", 0.97));
        c.add(change("training.alien-defect-detector", Action.REPLACE,
                List.of("hyperparameters.learningRate 0.001 → 0.0005 forces a new training job dda-alien-defect-detector-9e8f7a6b"),
                oldTraining, training(0.0005, "dda-alien-defect-detector-9e8f7a6b")));
        c.add(change("compile.alien-defect-detector.x86_64-cpu", Action.REPLACE, List.of("training.alien-defect-detector is new"),
                Map.of("training", "alien-defect-detector", "target", "x86_64-cpu"),
                Map.of("training", "alien-defect-detector", "target", "x86_64-cpu")));
        c.add(change("component.com.example.alien-defect-detector", Action.CREATE,
                List.of("new component version 1.0.0-9e8f7a6b (model changed)"), Map.of(),
                Map.of("model", "alien-defect-detector", "friendlyName", "Alien Defect Detector", "version", "1.0.0-9e8f7a6b")));
        c.add(change("fleet.line-1", Action.NOOP, List.of(), Map.of("thingGroup", "dda-line-1", "devices", List.of("dda_edge_server_1")),
                Map.of("thingGroup", "dda-line-1", "devices", List.of("dda_edge_server_1"))));
        c.add(change("deployment.line-1", Action.UPDATE,
                List.of("redeploy: com.example.alien-defect-detector 1.0.0-1a2b3c4d → 1.0.0-9e8f7a6b"),
                Map.of("fleet", "line-1", "components", List.of("com.example.alien-defect-detector@1.0.0-1a2b3c4d")),
                Map.of("fleet", "line-1", "components", List.of("com.example.alien-defect-detector@1.0.0-9e8f7a6b"),
                        "rollout", Map.of("canary", 1, "maxFailuresPercent", 10, "onFailure", "rollback"))));
        c.add(change("bucket.scratch", Action.DELETE, List.of("no longer in the spec"),
                Map.of("name", "dda-scratch"), Map.of()));
        return new Plan(Plan.FORMAT_VERSION, "manufacturing-line-1",
                new PlannedAgainst("examples/pipelines/aliens-aws.yaml", "sha256:0123456789abcdef0123", "0123456789abcdef0123456789abcdef01234567",
                        false, "lineage-1", 7, "aws"), c);
    }
}
