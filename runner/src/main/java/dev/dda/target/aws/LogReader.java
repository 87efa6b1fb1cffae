package dev.dda.target.aws;

import dev.dda.target.TargetException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Reads logs where they really are. Greengrass LogManager writes one log group per component,
 * {@code /aws/greengrass/UserComponent/REGION/COMPONENT} (system components under
 * {@code /aws/greengrass/GreengrassSystemComponent/REGION/System}), and one stream per day and device,
 * {@code /yyyy/MM/dd/thing/THING}; the DDA portal looked under per-thing groups that LogManager never writes.
 * SageMaker writes {@code /aws/sagemaker/TrainingJobs}, streams {@code JOB/algo-1-TIMESTAMP}.
 */
public final class LogReader {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private final CloudWatchLogsClient logs;
    private final String region;

    /** One log line. */
    public record Line(String group, String stream, Instant time, String message) {}

    public LogReader(CloudWatchLogsClient logs, String region) {
        this.logs = logs;
        this.region = region;
    }

    public static String componentGroup(String region, String component) {
        return component.equals("System") ? "/aws/greengrass/GreengrassSystemComponent/" + region + "/System"
                : "/aws/greengrass/UserComponent/" + region + "/" + component;
    }

    /** The streams LogManager writes for a thing on each day since {@code since}. */
    static List<String> streams(String thing, Instant since, Instant until) {
        List<String> out = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(since, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(until,
                ZoneOffset.UTC)); d = d.plusDays(1)) {
            out.add("/" + DAY.format(d) + "/thing/" + thing);
        }
        return out.size() > 100 ? out.subList(out.size() - 100, out.size()) : out;
    }

    /** The component log groups there are (one DescribeLogGroups listing, paged). */
    public List<String> componentGroups() {
        List<String> out = new ArrayList<>();
        for (LogGroup g : logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix("/aws/greengrass/UserComponent/"
                + region + "/")).logGroups()) {
            out.add(g.logGroupName());
        }
        return out;
    }

    /** A device's lines since a time, from one component or from every component; returns the last time seen. */
    public Instant deviceLogs(String thing, String component, Instant since, Consumer<Line> out) throws TargetException {
        List<String> groups = component != null ? List.of(componentGroup(region, component)) : componentGroups();
        List<String> streams = streams(thing, since, Instant.now());
        Instant last = since;
        for (String group : groups) {
            try {
                for (FilteredLogEvent e : logs.filterLogEventsPaginator(b -> b.logGroupName(group)
                        .logStreamNames(streams).startTime(since.toEpochMilli())).events()) {
                    Instant t = Instant.ofEpochMilli(e.timestamp());
                    out.accept(new Line(group, e.logStreamName(), t, e.message()));
                    last = t.isAfter(last) ? t : last;
                }
            } catch (SdkException e) {
                if (!AwsHandler.isCode(e, "ResourceNotFoundException")) {
                    throw new TargetException("reading " + group + ": " + e.getMessage(), e);
                }
            }
        }
        return last;
    }

    /** A training job's lines, every stream of the job in order. */
    public void trainingLogs(String jobName, Consumer<Line> out) throws TargetException {
        String group = "/aws/sagemaker/TrainingJobs";
        try {
            for (LogStream s : logs.describeLogStreamsPaginator(b -> b.logGroupName(group)
                    .logStreamNamePrefix(jobName + "/").orderBy(OrderBy.LOG_STREAM_NAME)).logStreams()) {
                for (OutputLogEvent e : logs.getLogEventsPaginator(b -> b.logGroupName(group)
                        .logStreamName(s.logStreamName()).startFromHead(true)).events()) {
                    out.accept(new Line(group, s.logStreamName(), Instant.ofEpochMilli(e.timestamp()), e.message()));
                }
            }
        } catch (SdkException e) {
            if (AwsHandler.isCode(e, "ResourceNotFoundException")) {
                throw new TargetException("no logs for training job " + jobName + " in " + group
                        + " (SageMaker writes them once the job's instances start)");
            }
            throw new TargetException("reading " + group + ": " + e.getMessage(), e);
        }
    }
}
