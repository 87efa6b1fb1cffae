package dev.dda.target.aws;

import dev.dda.spec.Secret;

/**
 * One account of a pipeline. Without a role, dda acts with its own credentials (the Portal account); with one,
 * it assumes {@code arn:aws:iam::ID:role/ROLE} with the External ID.
 */
public record AccountRef(String name, String id, String role, Secret externalId) {
    public boolean assumesRole() {
        return role != null && !role.isBlank();
    }

    public String roleArn() {
        return role.startsWith("arn:") ? role : "arn:aws:iam::" + id + ":role/" + role;
    }

    /** A role reference from a grant or an execution role: {@code ACCOUNT/ROLE} or a full ARN. */
    public static String roleArn(String reference, java.util.Map<String, AccountRef> accounts) {
        if (reference.startsWith("arn:")) {
            return reference;
        }
        int slash = reference.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("role '" + reference + "' must be ACCOUNT/ROLE_NAME (such as "
                    + "usecase/DDASageMakerExecutionRole) or a role ARN");
        }
        AccountRef account = accounts.get(reference.substring(0, slash));
        if (account == null) {
            throw new IllegalArgumentException("role '" + reference + "' names account '"
                    + reference.substring(0, slash) + "', which is not in accounts: " + accounts.keySet());
        }
        return "arn:aws:iam::" + account.id() + ":role/" + reference.substring(slash + 1);
    }
}
