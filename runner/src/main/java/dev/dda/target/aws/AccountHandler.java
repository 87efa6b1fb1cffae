package dev.dda.target.aws;

import dev.dda.graph.Resource;
import dev.dda.plan.Action;
import dev.dda.plan.Change;
import dev.dda.state.ResourceState;
import dev.dda.target.ApplyContext;
import dev.dda.target.ApplyOutcome;
import dev.dda.target.Observation;
import dev.dda.target.PlanContext;
import dev.dda.target.TargetException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * {@code account.NAME}: dda cannot create accounts, it proves it can act in them. Observing assumes the role
 * (with the External ID) and asks STS who it is; the identity must be in the declared account.
 */
final class AccountHandler extends AwsHandler {
    AccountHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public Observation observe(Resource desired, Optional<ResourceState> prior, PlanContext context)
            throws TargetException {
        AccountRef account = config().account(desired.address().name());
        GetCallerIdentityResponse me = whoAmI(account);
        if (account.id() != null && !account.id().equals(me.account())) {
            throw new TargetException(desired.address() + ": the credentials act in account " + me.account()
                    + ", but the spec declares " + account.id() + (account.assumesRole()
                    ? "; check the role ARN" : "; use credentials of that account (AWS_PROFILE or the environment)"));
        }
        return Observation.present(Map.of("id", me.account(), "principal", me.arn()));
    }

    private GetCallerIdentityResponse whoAmI(AccountRef account) throws TargetException {
        try {
            return clients.sts(account.name()).getCallerIdentity();
        } catch (SdkException e) {
            if (account.assumesRole()) {
                throw new TargetException("cannot assume " + account.roleArn() + " for account '" + account.name()
                        + "': " + e.getMessage() + ". Check that the role exists, that its trust policy names this "
                        + "account and that the External ID matches (create it with: dda bootstrap --account "
                        + account.name() + ")", e, false);
            }
            throw failure("sts:GetCallerIdentity for account '" + account.name() + "'", e);
        }
    }

    @Override
    public Change diff(Resource desired, Observation actual, Optional<ResourceState> prior, PlanContext context) {
        if (prior.isEmpty()) {
            return change(desired, Action.CREATE, List.of("record access to account " + actual.attributes().get("id")),
                    prior, context);
        }
        return change(desired, Action.NOOP, List.of(), prior, context);
    }

    @Override
    public ApplyOutcome apply(Change change, Resource desired, ApplyContext context) throws TargetException {
        Observation seen = observe(desired, Optional.empty(), context);
        return new ApplyOutcome.Done(seen.attributes());
    }

    @Override
    public void delete(ResourceState prior, ApplyContext context) {
        // nothing to remove: dda never creates accounts
    }
}
