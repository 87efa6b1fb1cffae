package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.json.Json;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.spec.SourceLocation;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.ResourceHandler;
import dev.dda.target.TargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What every AWS handler shares: clients, the change record, field-by-field drift, SDK errors in words. */
abstract class AwsHandler implements ResourceHandler {
    /** For independent reads of one resource issued together (daemon threads: they never keep dda alive). */
    static final java.util.concurrent.ExecutorService ASYNC = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dda-aws-read");
        t.setDaemon(true);
        return t;
    });
    protected final AwsClients clients;

    AwsHandler(AwsClients clients) {
        this.clients = clients;
    }

    protected AwsConfig config() {
        return clients.config();
    }

    @Override
    public Observation observeOrphan(ResourceState prior, PlanContext context) throws TargetException {
        Resource fromState = new Resource(prior.address(), prior.attributes(), Set.of(), false,
                SourceLocation.unknown("state"));
        return observe(fromState, Optional.of(prior), context);
    }

    @Override
    public ApplyOutcome await(Change change, ResourceState started, ApplyContext context) throws TargetException {
        return new ApplyOutcome.Done(started.outputs());
    }

    /**
     * Before and after are the spec's attributes as last applied and as now, as in the local target's changes, so
     * that views can diff them; what AWS itself reports differently is each reason's to say.
     */
    protected static Change change(Resource desired, Action action, List<String> reasons,
                                   Optional<ResourceState> prior, PlanContext context) {
        return new Change(desired.address(), action, reasons, prior.map(ResourceState::attributes).orElse(Map.of()),
                Json.redact(desired.attributes()), desired.dependsOn(), context.digest(desired.address()));
    }

    /** One reason per field whose observed value differs from the desired one, naming the field. */
    protected static List<String> drift(Map<String, Object> desired, Map<String, Object> observed) {
        List<String> reasons = new java.util.ArrayList<>();
        desired.forEach((field, want) -> {
            Object have = observed.get(field);
            if (want != null && !Objects.equals(want, have)) {
                reasons.add(field + ": " + shorten(have) + " → " + shorten(want));
            }
        });
        return reasons;
    }

    private static String shorten(Object v) {
        String s = v == null ? "(none)" : String.valueOf(v);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    protected static Map<String, Object> outputs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(String.valueOf(kv[i]), kv[i + 1]);
            }
        }
        return m;
    }

    /** An SDK failure as a message for the user: the operation, the AWS error code and message, retryable or not. */
    protected static TargetException failure(String what, SdkException e) {
        String detail = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null
                ? a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage()
                : unservedService(e).orElse(e.getMessage());
        boolean retryable = e.retryable() || e instanceof AwsServiceException a2 && (a2.isThrottlingException()
                || a2.statusCode() >= 500);
        return new TargetException(what + " failed: " + detail, e, retryable);
    }

    /**
     * AWS answers every call it routes with an error code; a bare 404 comes from an endpoint that does not serve the
     * service at all, most often an emulator (moto has no GreengrassV2) that AWS_ENDPOINT_URL points every client at.
     */
    private static Optional<String> unservedService(SdkException e) {
        if (!(e instanceof AwsServiceException a) || a.statusCode() != 404) {
            return Optional.empty();
        }
        String service = a.awsErrorDetails() == null || a.awsErrorDetails().serviceName() == null ? "this service"
                : a.awsErrorDetails().serviceName();
        return Optional.of("the endpoint answered HTTP 404 with no AWS error code: it does not serve " + service
                + ". If AWS_ENDPOINT_URL points at an emulator that lacks it, send this service elsewhere with"
                + " AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_GREENGRASSV2)");
    }

    protected static boolean isCode(SdkException e, String... codes) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            for (String c : codes) {
                if (c.equals(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value of a read issued on {@link #ASYNC}; an SDK failure surfaces as itself. */
    static <T> T join(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    protected static int status(SdkException e) {
        return e instanceof AwsServiceException a ? a.statusCode() : 0;
    }
}
