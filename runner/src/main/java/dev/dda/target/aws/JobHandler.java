package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.JobMetrics;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource that is a long-running, content-addressed job (labeling, training, compilation). The job's name is
 * derived from the resource's digest, so observing is a describe by name: a job started by a run that was killed
 * is found and waited for, never started twice. A failed job is kept (SageMaker names are unique forever); the
 * next attempt gets {@code -r2}, {@code -r3}.
 */
abstract class JobHandler extends AwsHandler {
    private static final int MAX_ATTEMPTS = 5;
    protected final Polling polling;

    JobHandler(AwsClients clients, Polling polling) {
        super(clients);
        this.polling = polling;
    }

    enum State { RUNNING, DONE, FAILED }

    /** A job as its service reports it. */
    record Job(String name, State state, String status, String detail, Map<String, Object> outputs) {}

    /** Describes a job by name; empty when there is none. */
    protected abstract Optional<Job> describe(Resource desired, String name) throws TargetException;

    /** Starts the job; an "already exists" answer counts as started (a crash right after an earlier start). */
    protected abstract void start(Resource desired, String name, ApplyContext context) throws TargetException;

    /** What to check on a finished job before it counts as applied (gates); throws to refuse. */
    protected void accept(Resource desired, Job job) throws TargetException {
    }

    /**
     * What a plan says about judging the job (its gates): on the metrics of {@code finished}, the observed job's
     * outputs, or that it will be judged when it finishes ({@code finished} null).
     */
    protected List<String> judgement(Resource desired, Map<String, Object> finished) {
        return List.of();
    }

    /** Work after a job succeeded (e.g. transforming its output); returns the outputs to record. */
    protected Map<String, Object> finish(Resource desired, Job job, ApplyContext context) throws TargetException {
        return job.outputs();
    }

    /** The job's base name for its current inputs. */
    protected String baseName(Resource desired, PlanContext context) {
        return JobNames.of(desired.address().name(), context.contentKey(desired.address()));
    }

    /** The latest attempt that exists, or empty, plus the name the next attempt would take. */
    record Found(Optional<Job> job, String nextName, int attempts) {}

    protected Found find(Resource desired, PlanContext context) throws TargetException {
        String base = baseName(desired, context);
        Optional<Job> last = Optional.empty();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String name = JobNames.attempt(base, attempt);
            Optional<Job> job = describe(desired, name);
            if (job.isEmpty()) {
                return new Found(last, name, attempt - 1);
            }
            last = job;
            if (job.get().state() != State.FAILED) {
                return new Found(last, name, attempt);
            }
        }
        return new Found(last, null, MAX_ATTEMPTS);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        Found found = find(desired, context);
        if (found.job().isEmpty()) {
            return Observation.absent();
        }
        Job job = found.job().get();
        Observation.Presence presence = switch (job.state()) {
            case RUNNING -> Observation.Presence.IN_PROGRESS;
            case DONE -> Observation.Presence.PRESENT;
            case FAILED -> Observation.Presence.FAILED;
        };
        Map<String, Object> attrs = new java.util.LinkedHashMap<>(job.outputs());
        attrs.put("jobName", job.name());
        attrs.put("status", job.status());
        return new Observation(presence, attrs, job.detail());
    }

    /** Whether the spec judges a finished job as it did when {@code prior} was applied. */
    protected boolean judgedAlike(Resource desired, ResourceState prior) {
        return true;
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        String base = baseName(desired, context);
        String priorJob = prior.map(ResourceState::jobRef).orElse(null);
        List<String> reasons = new ArrayList<>();
        Action action = switch (actual.presence()) {
            case ABSENT -> {
                reasons.add(priorJob != null && !priorJob.startsWith(base)
                        ? "inputs changed: new job " + base + " replaces " + priorJob : "no job " + base + " yet");
                yield Action.CREATE;
            }
            case IN_PROGRESS -> {
                reasons.add("job " + actual.attributes().get("jobName") + " is " + actual.attributes().get("status")
                        + " (started earlier); waiting for it");
                yield Action.WAIT;
            }
            case FAILED -> {
                reasons.add("job " + actual.attributes().get("jobName") + " failed: " + actual.detail()
                        + "; a new attempt will run");
                yield Action.CREATE;
            }
            case PRESENT -> {
                boolean recorded = prior.isPresent() && prior.get().status() == ResourceState.Status.APPLIED
                        && actual.attributes().get("jobName").equals(priorJob);
                if (!recorded) {
                    reasons.add("finished job " + actual.attributes().get("jobName") + " has the same inputs");
                } else if (!judgedAlike(desired, prior.get())) {
                    reasons.add("finished job " + priorJob + " is judged again by the changed gates");
                    recorded = false;
                }
                yield recorded ? Action.NOOP : Action.REUSE;
            }
        };
        if (action != Action.NOOP) {
            reasons.addAll(judgement(desired, actual.presence() == Observation.Presence.PRESENT
                    ? actual.attributes() : null));
        }
        Change c = change(desired, action, reasons, prior, context);
        if (actual.presence() != Observation.Presence.PRESENT) {
            return c;
        }
        return new Change(c.address(), c.action(), c.reasons(),
                prior.map(p -> JobMetrics.alongside(c.before(), p.outputs())).orElse(c.before()),
                JobMetrics.alongside(c.after(), actual.attributes()), c.dependsOn(), c.digest());
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Found found = find(desired, context);
        String name;
        if (found.job().isPresent() && found.job().get().state() != State.FAILED) {
            name = found.job().get().name();
        } else {
            if (found.nextName() == null) {
                throw new TargetException(desired.address() + ": " + found.attempts() + " attempts failed, the last "
                        + "with: " + found.job().map(Job::detail).orElse("?") + "; fix the cause and change an input");
            }
            name = found.nextName();
            context.recordIntent(desired.address(), name);
            start(desired, name, context);
            context.progress().report(desired.address(), "started job " + name);
        }
        if (context.noWait()) {
            return new ApplyOutcome.Pending(name, Map.of("jobName", name));
        }
        return waitFor(desired, name, context);
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        Resource desired = new Resource(started.address(), started.attributes(), java.util.Set.of(), false,
                dev.dda.spec.SourceLocation.unknown("state"));
        return waitFor(desired, started.jobRef(), context);
    }

    /** Polls with backoff until the job ends; a failure is reported with the service's own reason. */
    protected ApplyOutcome waitFor(Resource desired, String name, ApplyContext context) throws TargetException {
        Job job;
        try {
            job = polling.until(() -> {
                Job j = describe(desired, name).orElseThrow(() -> new TargetException(desired.address() + ": job "
                        + name + " was not found"));
                if (j.state() == State.RUNNING) {
                    context.progress().report(desired.address(), name + ": " + j.status()
                            + (j.detail().isEmpty() ? "" : " (" + j.detail() + ")"));
                    return null;
                }
                return j;
            }, context::interrupted);
        } catch (Polling.LeftWaiting interrupted) {
            return new ApplyOutcome.Pending(name, Map.of("jobName", name));
        }
        context.progress().report(desired.address(), name + ": " + job.status());
        if (job.state() == State.FAILED) {
            throw new TargetException(desired.address() + ": job " + name + " " + job.status() + ": " + job.detail());
        }
        accept(desired, job);
        Map<String, Object> out = new java.util.LinkedHashMap<>(finish(desired, job, context));
        out.put("jobName", name);
        return new ApplyOutcome.Done(out);
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) {
        // finished jobs are records, not resources: nothing to remove (their outputs stay in S3)
    }
}
