package dev.dda.target.aws;

import dev.dda.render.TemplateEngine;
import dev.dda.target.TargetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code dda bootstrap --account NAME}: creates, from templates/iam, the roles one account needs, run with that
 * account's own (administrator) credentials: the cross-account access role dda assumes (trusting only the Portal
 * account, and only with the External ID), and where SageMaker runs the execution role it passes to SageMaker.
 * Policies are least privilege for what the spec keeps in that account. Running it again updates the documents in
 * place. Nothing it reports contains the External ID.
 */
public final class Bootstrapper {
    static final String SAGEMAKER_ROLE = "DDASageMakerExecutionRole";
    private final AwsConfig config;
    private final Map<String, Object> document;
    private final IamClient iam;
    private final StsClient sts;
    private final TemplateEngine templates;

    public Bootstrapper(AwsConfig config, Map<String, Object> document, IamClient iam, StsClient sts,
                        TemplateEngine templates) {
        this.config = config;
        this.document = document;
        this.iam = iam;
        this.sts = sts;
        this.templates = templates;
    }

    /** Creates or updates the roles; reports one line per role, never a secret. Returns the role ARNs. */
    public List<String> bootstrap(String accountName, Consumer<String> report) throws TargetException {
        AccountRef account = config.account(accountName);
        String caller = sts.getCallerIdentity().account();
        if (!caller.equals(account.id())) {
            throw new TargetException("bootstrap of account '" + accountName + "' (" + account.id() + ") must run "
                    + "with that account's credentials; these act in " + caller + " (set AWS_PROFILE or the "
                    + "environment to an administrator of " + account.id() + ")");
        }
        String portal = config.homeAccount().map(AccountRef::id).orElseThrow(() -> new TargetException(
                "no Portal account (an account without a role) in the spec: it is the one the roles trust"));
        List<String> arns = new ArrayList<>();
        TreeSet<String> own = bucketsIn(accountName);
        boolean hostsJobs = hostsJobs(accountName);
        String sageMakerArn = hostsJobs ? "arn:aws:iam::" + account.id() + ":role/" + SAGEMAKER_ROLE : "";
        try {
            if (account.assumesRole()) {
                if (account.externalId() == null) {
                    throw new TargetException("account '" + accountName + "' has a role but no externalId: the trust "
                            + "policy requires one (externalId: ${env:NAME})");
                }
                String trust = render("iam/access-role-trust.json.ftl", Map.of("portalAccountId", portal,
                        "externalId", account.externalId().reveal()));
                String policy = render("iam/access-role-policy.json.ftl", Map.of("region", config.region(),
                        "accountId", account.id(), "buckets", List.copyOf(own), "hostsJobs", hostsJobs,
                        "sageMakerRole", sageMakerArn));
                arns.add(role(account.role(), trust, policy, "dda access role for the Portal account " + portal));
                report.accept("role " + arns.get(arns.size() - 1) + ": trusts " + portal + " with External ID "
                        + account.externalId().redacted());
            }
            if (hostsJobs) {
                String trust = render("iam/sagemaker-trust.json.ftl", Map.of("accountId", account.id()));
                String policy = render("iam/sagemaker-policy.json.ftl", Map.of("region", config.region(),
                        "accountId", account.id(), "readBuckets", List.copyOf(granted("read")),
                        "writeBuckets", List.copyOf(granted("write"))));
                arns.add(role(SAGEMAKER_ROLE, trust, policy, "SageMaker execution role for dda jobs"));
                report.accept("role " + arns.get(arns.size() - 1) + ": SageMaker execution role");
            }
        } catch (SdkException e) {
            throw new TargetException("bootstrap of account '" + accountName + "': " + e.getMessage(), e);
        }
        return arns;
    }

    private String role(String name, String trust, String policy, String description) {
        String arn;
        try {
            arn = iam.getRole(b -> b.roleName(name)).role().arn();
            iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(trust));
        } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException e) {
            arn = iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trust).description(description)
                    .maxSessionDuration(43200)
                    .tags(t -> t.key("dda-portal:managed").value("true"),
                            t -> t.key("dda:pipeline").value(config.pipeline()))).role().arn();
        }
        iam.putRolePolicy(b -> b.roleName(name).policyName("dda").policyDocument(policy));
        return arn;
    }

    private String render(String template, Map<String, ?> model) throws TargetException {
        try {
            return templates.render(template, model);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    /**
     * The policy of the identity that runs dda in the Portal account, which bootstrap cannot create (it is a
     * person's or the CI's): assume every account's access role; the state bucket and the lock table when they are
     * in the Portal account.
     */
    public String runnerPolicy() throws TargetException {
        AccountRef home = config.homeAccount().orElseThrow(() -> new TargetException(
                "no Portal account (an account without a role) in the spec: it is the one dda runs in"));
        List<String> roles = config.accounts().values().stream().filter(AccountRef::assumesRole)
                .map(a -> "arn:aws:iam::" + a.id() + ":role/" + a.role()).sorted().toList();
        AwsConfig.StateLocation state = config.state();
        boolean stateHere = home.name().equals(state.account());
        return render("iam/runner-policy.json.ftl", Map.of("region", config.region(), "accountId", home.id(),
                "stateBucket", stateHere ? state.bucket() : "", "stateKey", state.key(), "lockTable",
                state.lockTable(), "roleArns", roles));
    }

    /** Whether bootstrap has roles to create in the account, or only a policy to print (the Portal's). */
    public boolean createsRoles(String accountName) {
        return config.account(accountName).assumesRole() || hostsJobs(accountName);
    }

    /** SageMaker, Greengrass or the artifact bucket live in the account: it gets the SageMaker execution role. */
    private boolean hostsJobs(String accountName) {
        return accountName.equals(config.greengrassAccount()) || sageMakerAccounts().contains(accountName)
                || config.outputBucket() != null && accountName.equals(config.bucket(config.outputBucket()).account());
    }

    private TreeSet<String> bucketsIn(String account) {
        TreeSet<String> out = new TreeSet<>();
        config.buckets().values().stream().filter(b -> account.equals(b.account())).forEach(b -> out.add(b.name()));
        return out;
    }

    /** Accounts named by grants to the SageMaker execution role. */
    private TreeSet<String> sageMakerAccounts() {
        TreeSet<String> out = new TreeSet<>();
        grants().forEach(g -> {
            String role = String.valueOf(g.get("role"));
            if (role.endsWith("/" + SAGEMAKER_ROLE) && !role.startsWith("arn:")) {
                out.add(role.substring(0, role.indexOf('/')));
            }
        });
        return out;
    }

    /** S3 names of the buckets that grant the SageMaker role this access (write also counts for read). */
    private TreeSet<String> granted(String access) {
        TreeSet<String> out = new TreeSet<>();
        Attrs.map(document, "buckets").forEach((key, b) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> bucket = b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            for (Object g : Attrs.list(bucket, "grants")) {
                Map<?, ?> grant = (Map<?, ?>) g;
                String a = String.valueOf(grant.get("access"));
                if (String.valueOf(grant.get("role")).endsWith(SAGEMAKER_ROLE)
                        && (access.equals("read") ? !a.contains("write") : a.contains("write"))) {
                    out.add(Attrs.str(bucket, "name"));
                }
            }
        });
        return out;
    }

    private List<Map<?, ?>> grants() {
        List<Map<?, ?>> out = new ArrayList<>();
        Attrs.map(document, "buckets").values().forEach(b -> {
            if (b instanceof Map<?, ?> m && m.get("grants") instanceof List<?> l) {
                l.forEach(g -> out.add((Map<?, ?>) g));
            }
        });
        return out;
    }
}
