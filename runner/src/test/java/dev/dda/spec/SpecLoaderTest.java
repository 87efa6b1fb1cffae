package dev.dda.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    @TempDir
    Path dir;

    private List<Diagnostic> errors(String spec) throws Exception {
        SpecResult result = SpecFixtures.load(SpecFixtures.write(dir, spec));
        assertThat(result.specOrNull()).isNull();
        assertThat(result.hasErrors()).isTrue();
        return result.diagnostics();
    }

    /** Exactly this error, at exactly this place. */
    private void expect(String spec, int line, int column, String field, String message) throws Exception {
        Diagnostic d = at(errors(spec), line, column);
        assertThat(d.field()).isEqualTo(field);
        assertThat(d.message()).isEqualTo(message);
    }

    /** The one diagnostic at line:column, which must exist. */
    private static Diagnostic at(List<Diagnostic> ds, int line, int column) {
        return ds.stream().filter(d -> d.location().line() == line && d.location().column() == column)
                .findFirst().orElseThrow(() -> new AssertionError("no diagnostic at " + line + ":" + column + " in "
                        + ds.stream().map(Diagnostic::render).toList()));
    }

    @Test
    void load_whenGivenAFolder_namesTheSpecsInIt() throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("pipelines"));
        java.nio.file.Files.writeString(folder.resolve("line-b.yaml"), "");
        java.nio.file.Files.writeString(folder.resolve("line-a.yml"), "");
        java.nio.file.Files.writeString(folder.resolve("notes.txt"), "");

        List<Diagnostic> errors = SpecLoader.load(folder).diagnostics();

        assertThat(errors).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
                "is a folder, not a spec file; pass one of its specs with -f, e.g. " + folder.resolve("line-a.yml")
                        + " (it holds line-a.yml, line-b.yaml)"));
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        assertThat(SpecLoader.load(empty).diagnostics()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("is a folder, not a spec file; it holds no .yaml file; pass the spec with -f FILE"));
    }

    @Test
    void load_whenValid_returnsSpecWithoutDiagnostics() throws Exception {
        SpecResult result = SpecFixtures.load(SpecFixtures.write(dir, SpecFixtures.VALID));
        assertThat(result.diagnostics()).isEmpty();
        LoadedSpec spec = result.specOrNull();
        assertThat(spec.pipeline()).isEqualTo("test-line");
        assertThat(spec.target()).isEqualTo("local");
        assertThat(spec.region()).isEqualTo("us-east-1");
        assertThat(spec.specHash()).hasSize(64);
        assertThat(spec.locationOf("/buckets/data/name")).isEqualTo(
                new SourceLocation(spec.file().toString(), 12, 11));
        assertThat(spec.locationOf("/fleets/line-1/devices/0").line()).isEqualTo(38);
    }

    @Test
    void load_whenKeyIsTypoed_pointsAtKeyAndSuggests() throws Exception {
        List<Diagnostic> ds = errors(SpecFixtures.withLine(11, "    acount: local"));
        Diagnostic d = at(ds, 11, 5);
        assertThat(d.field()).isEqualTo("buckets.data.acount");
        assertThat(d.message()).isEqualTo("unknown key 'acount'; did you mean 'account'?");
        assertThat(at(ds, 10, 3).message()).startsWith("missing; add account:");
    }

    @Test
    void load_whenKeyCaseIsWrong_suggestsTheRightCase() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(37, "    thinggroup: line-1")), 37, 5);
        assertThat(d.message()).isEqualTo("unknown key 'thinggroup'; did you mean 'thingGroup'?");
    }

    @Test
    void load_whenUnknownKeyIsFarFromAny_listsAllowedKeys() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(40, "    zzz: 1")), 40, 5);
        assertThat(d.message()).startsWith("unknown key 'zzz'; allowed keys here: account, thingGroup, devices");
    }

    @Test
    void load_whenKeyIsDuplicated_namesBothPlaces() throws Exception {
        String spec = SpecFixtures.withLine(12, "    name: dda-test-bucket\n    name: dda-other-bucket");
        Diagnostic d = at(errors(spec), 13, 5);
        assertThat(d.field()).isEqualTo("buckets.data.name");
        assertThat(d.message()).isEqualTo("duplicate key 'name'; it is already set at "
                + dir.resolve("dda-pipeline.yaml") + ":12:5; keep one of them");
    }

    @Test
    void load_whenAStageGroupNameWouldBeTooLong_asksForAShorterThingGroup() throws Exception {
        String group = "g".repeat(125);
        String spec = SpecFixtures.withLine(37, "    thingGroup: " + group + "\n    rollout: { canary: 1 }");
        Diagnostic d = at(errors(spec), 37, 17);
        assertThat(d.message()).isEqualTo("with this rollout dda also creates the thing group " + group + "-canary,"
                + " longer than IoT's 128 characters; shorten the name to at most 121");
        assertThat(SpecFixtures.load(SpecFixtures.write(dir, SpecFixtures.withLine(37, "    thingGroup: " + group)))
                .hasErrors()).isFalse();
    }

    @Test
    void load_whenADeviceIsInTwoFleets_pointsAtTheSecondAndNamesTheFirst() throws Exception {
        // both fleets' deployments would start an edge service on the one device: the second fails on the port
        String spec = SpecFixtures.VALID + String.join("\n",
                "  line-2:",                                  // 41
                "    thingGroup: line-2",                     // 42
                "    devices: [ station-2, station-1 ]",      // 43
                "    components: [ com.example.detector ]",   // 44
                "");
        Diagnostic d = at(errors(spec), 43, 27);
        assertThat(d.message()).startsWith("the device 'station-1' is already used by fleets.line-1 (")
                .endsWith("dda-pipeline.yaml:38:16); a device takes one fleet's components and edge settings; list it"
                        + " once");
        assertThat(errors(spec)).hasSize(1);
    }

    @Test
    void load_whenTwoLocalFleetsWouldListenOnOnePort_pointsAtTheSecondPort() throws Exception {
        String second = String.join("\n",
                "  line-2:",                                  // 41
                "    thingGroup: line-2",                     // 42
                "    devices: [ station-2 ]",                 // 43
                "    components: [ com.example.detector ]",   // 44
                "    edge: { port: 18500 }",                  // 45
                "");
        Diagnostic d = at(errors(SpecFixtures.VALID + second), 45, 19);
        assertThat(d.message()).isEqualTo("on the local target device i of a fleet listens on edge.port + i, and port"
                + " 18500 is already taken by fleets.line-1 (port 18500); give this fleet a port outside that range");

        // on AWS every device is its own machine: the same port on two fleets is what a line of cameras expects
        String aws = SpecFixtures.VALID.replace("target: local", "target: aws") + second;
        assertThat(SpecFixtures.load(SpecFixtures.write(dir, aws)).diagnostics())
                .noneMatch(x -> x.message().contains("edge.port + i"));
    }

    @Test
    void load_whenANumberIsNotFinite_saysSoWhereItIs() throws Exception {
        Diagnostic nan = at(errors(SpecFixtures.withLine(29, "    maxRuntime: .nan")), 29, 17);
        assertThat(nan.field()).isEqualTo("training.detector.maxRuntime");
        assertThat(nan.message()).isEqualTo("'.nan' is not a finite number; write a number such as 0.5, or quote it"
                + " if a text is meant");
        assertThat(at(errors(SpecFixtures.withLine(6, "target: -.inf")), 6, 9).message()).startsWith("'-.inf' is not");
    }

    @Test
    void load_whenATagMakesAValueASpecCannotHold_saysSoWhereItIs() throws Exception {
        expect(SpecFixtures.withLine(15, "    bucket: !!binary AAAA"), 15, 13, "datasets.images.bucket",
                "the tag !!binary makes this value binary data or another type a spec cannot hold; remove the tag"
                + " (a spec holds text, numbers, true/false and null)");
        expect(SpecFixtures.withLine(16, "    prefix: !!timestamp 2026-11-27"), 16, 13, "datasets.images.prefix",
                "the tag !!timestamp cannot be read here; remove the tag (a spec holds text, numbers, true/false"
                + " and null)");
    }

    @Test
    void load_whenAHyperparameterIsNull_reportsItOnce() throws Exception {
        List<Diagnostic> ds = errors(SpecFixtures.withLine(29, "    hyperparameters: { imageSize: ~ }"));
        assertThat(ds).extracting(Diagnostic::field).containsExactly("training.detector.hyperparameters.imageSize");
    }

    @Test
    void load_whenAPathHoldsANulCharacter_saysItIsNotUsable() throws Exception {
        expect(SpecFixtures.withLine(17, "    source: \"da\\u0000ta\""), 17, 13, "datasets.images.source",
                "not a usable path (Nul character not allowed); write the folder relative to the spec file");
        String secret = SpecFixtures.withLine(8, "  local: { id: \"000000000000\", externalId: \"${file:a\\u0000b}\" }");
        assertThat(errors(secret)).extracting(Diagnostic::message).contains("the secret file path is not usable (Nul"
                + " character not allowed); write ${file:PATH}, PATH relative to the spec file");
    }

    @Test
    void load_whenTabIndents_reportsTabPosition() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(12, "\tname: dda-test-bucket")), 12, 1);
        assertThat(d.message()).contains("tab character in indentation").contains("spaces");
    }

    @Test
    void load_whenQuoteIsUnclosed_pointsAtOpeningQuote() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(12, "    name: \"dda-test-bucket")), 12, 11);
        assertThat(d.message()).contains("double-quoted string is not closed on its line").contains("closing \"");
    }

    @Test
    void load_whenEnumValueIsWrong_listsAllowedValues() throws Exception {
        expect(SpecFixtures.withLine(21, "    task: bounding_box"), 21, 11, "labeling.labels.task",
                "'bounding_box' is not allowed; use one of: classification, bounding-box, "
                + "segmentation; did you mean 'bounding-box'?");
    }

    @Test
    void load_whenTypeIsWrong_namesExpectedType() throws Exception {
        expect(SpecFixtures.withLine(29, "    maxRuntime: one hour"), 29, 17, "training.detector.maxRuntime",
                "expected a whole number, found 'one hour'");
    }

    @Test
    void load_whenReferenceDangles_suggestsDeclaredName() throws Exception {
        expect(SpecFixtures.withLine(20, "    dataset: imags"), 20, 14, "labeling.labels.dataset",
                "'imags' is not declared under datasets; did you mean 'images'?");
    }

    @Test
    void load_whenFleetComponentDangles_listsDeclaredComponents() throws Exception {
        expect(SpecFixtures.withLine(39, "    components: [ detector ]"), 39, 19, "fleets.line-1.components[0]",
                "'detector' is not declared under components; declared components: "
                + "com.example.detector");
    }

    @Test
    void load_whenBucketNameIsInvalid_explainsS3Rule() throws Exception {
        expect(SpecFixtures.withLine(12, "    name: Dda_Bucket"), 12, 11, "buckets.data.name",
                "'Dda_Bucket' holds upper-case letters; S3 bucket names use only lower-case "
                + "letters, digits, '.' and '-'");
    }

    @Test
    void load_whenGateIsMalformed_showsGrammar() throws Exception {
        expect(SpecFixtures.withLine(30, "    gates: [ \"auroc => 0.9\" ]"), 30, 14, "training.detector.gates[0]",
                "'auroc => 0.9' is not valid; expected METRIC OP NUMBER with OP one of "
                + ">=, >, <=, <, ==, such as \"auroc >= 0.95\"");
    }

    @Test
    void load_whenGateJudgesAMetricTheTrainerNeverReports_suggestsTheClosest() throws Exception {
        expect(SpecFixtures.withLine(30, "    gates: [ \"test_auroc >= 0.9\", \"aroc >= 0.95\" ]"), 30, 35,
                "training.detector.gates[1]", "gate 'aroc >= 0.95' judges 'aroc', a metric dda's trainer does not"
                + " report; did you mean 'auroc'?");
        expect(SpecFixtures.withLine(30, "    gates: [ \"loss < 0.1\" ]"), 30, 14, "training.detector.gates[0]",
                "gate 'loss < 0.1' judges 'loss', a metric dda's trainer does not report; it reports auroc, accuracy,"
                + " f1, precision, recall, each also as test_NAME on the held-out images");
    }

    @Test
    void load_whenAMarketplaceGateNamesItsOwnMetric_acceptsIt() throws Exception {
        String marketplace = SpecFixtures.withLine(27, "    algorithm: { marketplace: \"arn:aws:sagemaker:us-east-1:"
                + "123456789012:algorithm/defect-detection\" }").replace("auroc >= 0.9", "mAP >= 0.9");
        assertThat(SpecFixtures.load(SpecFixtures.write(dir, marketplace)).diagnostics())
                .noneMatch(d -> d.field().startsWith("training.detector.gates"));
    }

    @Test
    void load_whenBuiltinHyperparameterIsWrong_pointsAtItAndSaysWhatIsExpected() throws Exception {
        expect(SpecFixtures.withLine(29, "    hyperparameters: { method: knn }"), 29, 32,
                "training.detector.hyperparameters.method", "hyperparameter method is 'knn'; expected exemplar or cnn");
        expect(SpecFixtures.withLine(29, "    hyperparameters: { epoch: 3 }"), 29, 24,
                "training.detector.hyperparameters.epoch", "unknown hyperparameter 'epoch'; did you mean 'epochs'?");
        expect(SpecFixtures.withLine(29, "    hyperparameters: { testSplit: 0.5, validationSplit: 0.5 }"), 29, 5,
                "training.detector.hyperparameters",
                "hyperparameter testSplit is 0.5; expected a fraction >= 0 with testSplit + validationSplit < 1");
        expect(SpecFixtures.withLine(29, "    hyperparameters: { epochs: 300 }"), 29, 5,
                "training.detector.hyperparameters", "hyperparameter epochs shapes only the cnn method, and this"
                + " training uses exemplar (the default); add method: cnn, or remove it");
    }

    @Test
    void load_whenAwsBuiltinHyperparameterIsWrong_checksItAsLocally() throws Exception {
        // on SageMaker, builtin is the same trainer in its container image: a bad value would fail the job there
        String aws = SpecFixtures.withLine(29, "    hyperparameters: { epochs: 300 }").replace("target: local", "target: aws");
        expect(aws, 29, 5, "training.detector.hyperparameters", "hyperparameter epochs shapes only the cnn method,"
                + " and this training uses exemplar (the default); add method: cnn, or remove it");
    }

    @Test
    void load_whenEnvSecretIsMissing_reportsItsLocationWithoutValue() throws Exception {
        String spec = SpecFixtures.withLine(8,
                "  local: { id: \"000000000000\", role: R, externalId: \"${env:DDA_TEST_NOT_SET}\" }");
        Diagnostic d = at(errors(spec), 8, 53);
        assertThat(d.field()).isEqualTo("accounts.local.externalId");
        assertThat(d.message()).startsWith("environment variable DDA_TEST_NOT_SET is not set");
    }

    @Test
    void load_whenSecretsResolve_givesSecretsThatNeverPrintTheirValue() throws Exception {
        Path secretFile = dir.resolve("external-id");
        java.nio.file.Files.writeString(secretFile, "file-secret-value\n");
        String spec = SpecFixtures.withLine(8, "  local: { id: \"000000000000\", role: R, externalId: \"${env:EXT}\" }\n"
                + "  other: { id: \"000000000001\", role: R, externalId: \"${file:external-id}\" }");
        SpecResult result = SpecLoader.load(SpecFixtures.write(dir, spec), Map.of("EXT", "env-secret-value"));
        assertThat(result.diagnostics()).isEmpty();
        Map<?, ?> accounts = (Map<?, ?>) result.specOrNull().document().get("accounts");
        Secret env = (Secret) ((Map<?, ?>) accounts.get("local")).get("externalId");
        Secret file = (Secret) ((Map<?, ?>) accounts.get("other")).get("externalId");
        assertThat(env.reveal()).isEqualTo("env-secret-value");
        assertThat(file.reveal()).isEqualTo("file-secret-value");
        assertThat(result.specOrNull().document().toString()).doesNotContain("secret-value");
    }

    @Test
    void load_whenSecretStandsOutsideExternalId_refusesIt() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(12, "    name: \"${env:BUCKET}\"")), 12, 11);
        assertThat(d.message()).startsWith("secret references are read only in accounts.NAME.externalId");
    }

    @Test
    void load_whenExternalIdIsWrittenInline_neverEchoesIt() throws Exception {
        String spec = SpecFixtures.withLine(8, "  local: { id: \"000000000000\", role: R, externalId: inline-secret }");
        List<Diagnostic> ds = errors(spec);
        assertThat(at(ds, 8, 53).message()).startsWith("this value (not shown: it may be a secret) is not valid; "
                + "expected a secret reference such as ${env:");
        assertThat(ds.toString()).doesNotContain("inline-secret");
    }

    @Test
    void load_whenAliasContainsItself_reportsInsteadOfLooping() throws Exception {
        String spec = SpecFixtures.withLine(4, "metadata: &m").replace("  name: test-line", "  name: test-line\n  x: *m");
        assertThat(errors(spec)).anySatisfy(d -> assertThat(d.message()).contains("alias refers to a collection"));
    }

    @Test
    void load_whenAwsTargetHasNoRegion_asksForIt() throws Exception {
        expect(SpecFixtures.withLine(6, "target: aws"), 2, 1, "region",
                "missing; add region: ... (AWS region, such as us-east-1)");
    }

    @Test
    void load_whenResourceNameIsInvalid_pointsAtTheName() throws Exception {
        expect(SpecFixtures.VALID.replace("  detector:", "  my_detector:")
                .replace("model: detector", "model: my_detector"), 25, 3, "training.my_detector",
                "the name 'my_detector' is not valid; use letters, digits and '-' "
                + "(SageMaker job names), starting and ending with a letter or digit");
    }

    @Test
    void load_whenAccountIdIsUnquoted_saysToQuoteIt() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(8, "  local: { id: 123456789012 }")), 8, 16);
        assertThat(d.message()).isEqualTo("expected a string, found 123456789012; put the value in quotes as written, "
                + "such as \"123456789012\" (YAML reads it as a number otherwise)");
    }

    @Test
    void load_whenAwsTrainingHasNoExecutionRole_asksForOne() throws Exception {
        Diagnostic d = at(errors(SpecFixtures.withLine(6, "target: aws\nregion: eu-west-1")), 26, 3);
        assertThat(d.field()).isEqualTo("training.detector");
        assertThat(d.message()).startsWith("SageMaker trains with an execution role, and none is named");
    }

    @Test
    void load_whenDatasetSourceIsAbsoluteOrMissing_saysWhatIsExpected() throws Exception {
        expect(SpecFixtures.withLine(17, "    source: " + dir.resolve("data")), 17, 13, "datasets.images.source",
                "'" + dir.resolve("data") + "' is an absolute path; write it relative to the spec file, so that plans "
                        + "agree on every machine");
        expect(SpecFixtures.withLine(17, "    source: nowhere"), 17, 13, "datasets.images.source",
                "folder 'nowhere' does not exist (looked for " + dir.resolve("nowhere") + "); the path is relative to "
                        + "the spec file");
    }

    @Test
    void load_whenSeveralThingsAreWrong_reportsAllInLineOrder() throws Exception {
        String spec = SpecFixtures.withLine(12, "    name: xn--bucket")
                .replace("    task: classification", "    task: classify")
                .replace("    model: detector", "    model: detectr");
        List<Diagnostic> ds = errors(spec);
        assertThat(ds).extracting(d -> d.location().line()).containsExactly(12, 21, 34);
    }

    @Test
    void load_whenJobNameIsTooLong_reservesRoomForHash() throws Exception {
        String name = "d".repeat(55);
        String spec = SpecFixtures.VALID.replace("  detector:", "  " + name + ":")
                .replace("    model: detector", "    model: " + name);
        Diagnostic d = at(errors(spec), 25, 3);
        assertThat(d.message()).contains("at most 54 fit");
    }

    @Test
    void load_whenFileIsMissing_saysSo() {
        SpecResult result = SpecFixtures.load(dir.resolve("nope.yaml"));
        assertThat(result.diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.render()).contains("nope.yaml: no such file"));
    }
}
