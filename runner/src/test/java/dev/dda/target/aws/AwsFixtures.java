package dev.dda.target.aws;

import dev.dda.graph.Address;
import dev.dda.graph.Resource;
import dev.dda.spec.Secret;
import dev.dda.spec.SourceLocation;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Three accounts as in the DDA tutorial: portal (own credentials), usecase and data (assumed roles). */
final class AwsFixtures {
    static final String PORTAL = "123456789012";
    static final String USECASE = "111122223333";
    static final String DATA = "444455556666";

    private AwsFixtures() {}

    static Map<String, AccountRef> accounts() {
        Map<String, AccountRef> a = new LinkedHashMap<>();
        a.put("portal", new AccountRef("portal", PORTAL, null, null));
        a.put("usecase", new AccountRef("usecase", USECASE, "DDAPortalAccessRole",
                new Secret("${env:USECASE_EXTERNAL_ID}", "uc-external-id-1234")));
        a.put("data", new AccountRef("data", DATA, "DDAPortalDataAccessRole",
                new Secret("${env:DATA_EXTERNAL_ID}", "data-external-id-5678")));
        return a;
    }

    /** Spec bucket keys → account and S3 name; tests add theirs before building clients. */
    static final Map<String, AwsConfig.BucketRef> buckets = new java.util.concurrent.ConcurrentHashMap<>();

    static AwsConfig config(URI endpoint, Map<String, URI> serviceEndpoints) {
        return new AwsConfig("test-pipeline", "us-east-1", endpoint, serviceEndpoints, accounts(), buckets, "output", "usecase",
                new AwsConfig.StateLocation("portal", "dda-state-test", "dda/test-pipeline/state.json", "dda-locks"),
                AwsConfig.sessionName("test-pipeline", "abcdef1234567890"));
    }

    static AwsClients clients(URI endpoint, Map<String, URI> serviceEndpoints) {
        return new AwsClients(config(endpoint, serviceEndpoints),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    static AwsClients clients(URI endpoint) {
        return clients(endpoint, Map.of());
    }

    static Resource resource(String address, Map<String, Object> attributes, String... deps) {
        Set<Address> d = new java.util.TreeSet<>();
        for (String s : deps) {
            d.add(Address.parse(s));
        }
        return new Resource(Address.parse(address), attributes, d, false, SourceLocation.unknown("test.yaml"));
    }
}
