package dev.dda.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dda.graph.Address;
import dev.dda.spec.Secret;
import dev.dda.testing.JsonDamage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static final String REMEDY = "the previous version is in X.backup";

    private static State sample() {
        TreeMap<Address, ResourceState> resources = new TreeMap<>();
        Address bucket = Address.parse("bucket.data");
        Address training = Address.parse("training.detector");
        resources.put(bucket, new ResourceState(bucket, ResourceState.Status.APPLIED, "sha256:" + "a".repeat(64),
                Map.of("name", "dda-bucket", "externalId", new Secret("${env:EXT}", "hunter2")),
                Map.of("path", "/tmp/b", "tags", List.of("x")), null, Instant.parse("2026-11-26T10:00:00Z")));
        resources.put(training, new ResourceState(training, ResourceState.Status.PENDING, null, Map.of(), Map.of(),
                "job-7", null));
        return new State("lin-1", 4, "aliens", resources);
    }

    private static State read(String json) throws IOException {
        return StateCodec.read(json.getBytes(StandardCharsets.UTF_8), "state.json", REMEDY);
    }

    private static String written() throws IOException {
        return new String(StateCodec.write(sample()), StandardCharsets.UTF_8);
    }

    @Test
    void write_thenRead_givesTheStateBackWithSecretsRedacted() throws Exception {
        String json = written();

        State back = read(json);

        assertThat(json).doesNotContain("hunter2").contains("\"format_version\" : 1");
        assertThat(back.lineage()).isEqualTo("lin-1");
        assertThat(back.serial()).isEqualTo(4);
        assertThat(back.resources().keySet()).containsExactly(Address.parse("bucket.data"),
                Address.parse("training.detector"));
        ResourceState training = back.get(Address.parse("training.detector")).orElseThrow();
        assertThat(training.status()).isEqualTo(ResourceState.Status.PENDING);
        assertThat(training.jobRef()).isEqualTo("job-7");
        assertThat(training.digest()).isNull();
        assertThat(back.get(Address.parse("bucket.data")).orElseThrow().updated())
                .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void read_whenTheEarlierLocalFormat_readsIt() throws Exception {
        String earlier = """
                { "lineage" : "lin-0", "serial" : 9, "pipeline" : "aliens",
                  "resources" : { "account.local" : { "address" : "account.local", "status" : "APPLIED",
                    "digest" : "sha256:1", "attributes" : { "id" : "0" }, "outputs" : { }, "jobRef" : null,
                    "updated" : "2026-11-26T21:06:17.123Z" } } }""";

        State s = read(earlier);

        assertThat(s.serial()).isEqualTo(9);
        assertThat(s.get(Address.parse("account.local")).orElseThrow().attributes()).containsEntry("id", "0");
        assertThatThrownBy(() -> read(earlier.replace("\"APPLIED\"", "\"DONE\"")))
                .hasMessageContaining("state.json:2:79: /resources/account.local/status: does not have a value");
    }

    @Test
    void read_whenAStatusWasEdited_namesItsLineAndColumn() throws Exception {
        String edited = written().replace("\"status\" : \"PENDING\"", "\"status\" : \"DONE\"");
        String before = edited.substring(0, edited.indexOf("\"DONE\""));
        int line = before.split("\n", -1).length;

        assertThatThrownBy(() -> read(edited)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("state.json is not dda state as dda writes it:\n  state.json:" + line + ":")
                .hasMessageContaining("/resources/1/status: does not have a value in the enumeration")
                .hasMessageEndingWith(REMEDY);
    }

    @Test
    void read_whenAnAddressIsRecordedTwice_refuses() throws Exception {
        String twice = written().replace("\"address\" : \"training.detector\"", "\"address\" : \"bucket.data\"");
        assertThatThrownBy(() -> read(twice)).hasMessageContaining("/resources/1/address: bucket.data is recorded twice");
    }

    @Test
    void read_whenATimeOrValueIsUnusable_refusesWithTheReason() throws Exception {
        assertThatThrownBy(() -> read(written().replace("2026-11-26T10:00:00Z", "yesterday")))
                .hasMessageContaining("/resources/0: Text 'yesterday' could not be parsed");
        assertThatThrownBy(() -> read(written().replace("\"name\" : \"dda-bucket\"", "\"name\" : null")))
                .hasMessageContaining("/resources/0/attributes/name: null found");
    }

    @Test
    void read_whenCutShortOrNotAnObject_saysSo() throws Exception {
        String json = written();
        assertThatThrownBy(() -> read(json.substring(0, json.length() / 2)))
                .hasMessageMatching("(?s)state\\.json:\\d+:\\d+: not valid JSON: .*; " + REMEDY);
        assertThatThrownBy(() -> read("[]")).hasMessage("state.json is not dda state: it holds no JSON object; "
                + REMEDY);
    }

    @Test
    void read_whenTheStateIsDamaged_refusesWithAnIoExceptionOrReadsIt() throws Exception {
        JsonDamage.assertReadOrRefused(written(), 2000, StateCodecTest::read);
    }
}
