package dev.dda.cli;

import dev.dda.git.Provenance;
import dev.dda.graph.Address;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.PlanOptions;
import dev.dda.plan.Planner;
import java.nio.file.Path;
import java.util.Set;

/** Planning from the command line: the spec's facts into PlanOptions, then the planner for the mode asked. */
final class Plans {
    private Plans() {}

    record Request(Workspace ws, Path specFile, Set<Address> targets, PlanMode mode) {
    }

    static Plan make(Request r) throws Exception {
        Workspace ws = r.ws();
        Provenance git = Provenance.detect(ws.specDirectory());
        PlanOptions options = new PlanOptions(ws.spec.pipeline(), r.specFile().toString(), ws.spec.specHash(),
                ws.specDirectory(), git.commit(), git.dirty(), r.targets(), 4, null);
        var state = ws.target.stateStore().load();
        Planner planner = new Planner();
        return switch (r.mode()) {
            case NORMAL -> planner.plan(ws.graph, ws.target, state, options);
            case DESTROY -> planner.destroy(ws.graph, ws.target, state, options);
            case REFRESH_ONLY -> planner.refresh(ws.graph, ws.target, state, options);
        };
    }
}
