package dev.dda.view;

import dev.dda.json.Json;
import dev.dda.plan.Plan;
import dev.dda.plan.PlanMode;
import dev.dda.plan.json.PlanCodec;

/** The plan as JSON, following {@code schema/dda-plan.schema.json}. */
public final class JsonPlanView implements PlanView {
    @Override
    public String render(Plan plan, PlanMode mode) {
        return Json.pretty(PlanCodec.encode(plan, mode)) + System.lineSeparator();
    }
}
