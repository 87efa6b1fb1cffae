package dev.dda.target.aws;

import dev.dda.state.Lease;
import dev.dda.state.LeaseLock;
import dev.dda.state.LockHeldException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The lock as one DynamoDB item per pipeline, {@code LockID = dda/PIPELINE}, holding a lease: id, holder, host,
 * pid, operation, started, expires. Taking it is a conditional put ({@code attribute_not_exists(LockID)}), so two
 * runs can never both hold it; renew and release are conditional on the lease id. An expired lease is never taken
 * silently: {@link #takeOver} (an explicit, forced takeover) is the only put that accepts {@code expires < now}.
 */
public final class DynamoDbLeaseLock implements LeaseLock {
    private final DynamoDbClient db;
    private final String table;
    private final String lockId;
    private final Clock clock;
    private final String holder;

    public DynamoDbLeaseLock(DynamoDbClient db, String table, String pipeline, Clock clock, String holder) {
        this.db = db;
        this.table = table;
        this.lockId = "dda/" + pipeline;
        this.clock = clock;
        this.holder = holder;
    }

    @Override
    public Lease acquire(String operation, Duration ttl) throws IOException {
        return put(operation, ttl, "attribute_not_exists(LockID)", Map.of());
    }

    /** Takes the lock only when it is free or its lease has expired: for a killed CI run's stale lock. */
    public Lease takeOver(String operation, Duration ttl) throws IOException {
        return put(operation, ttl, "attribute_not_exists(LockID) OR expires < :now",
                Map.of(":now", number(clock.instant().toEpochMilli())));
    }

    private Lease put(String operation, Duration ttl, String condition, Map<String, AttributeValue> values)
            throws IOException {
        Instant now = clock.instant();
        Lease lease = new Lease(UUID.randomUUID().toString(), holder, host(), ProcessHandle.current().pid(),
                operation, now, now.plus(ttl));
        for (int attempt = 0; ; attempt++) {
            try {
                db.putItem(b -> {
                    b.tableName(table).item(item(lease)).conditionExpression(condition);
                    if (!values.isEmpty()) {
                        b.expressionAttributeValues(values);
                    }
                });
                return lease;
            } catch (ConditionalCheckFailedException e) {
                Optional<Lease> held = current();
                throw new LockHeldException(held.orElse(lease));
            } catch (ResourceNotFoundException e) {
                if (attempt > 0) {
                    throw new IOException("lock table " + table + " is missing and could not be created", e);
                }
                createTable();
            } catch (SdkException e) {
                throw new IOException("taking the lock in " + table + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) throws IOException {
        Lease next = new Lease(lease.id(), lease.holder(), lease.host(), lease.pid(), lease.operation(),
                lease.started(), clock.instant().plus(ttl));
        try {
            db.putItem(b -> b.tableName(table).item(item(next)).conditionExpression("leaseId = :id")
                    .expressionAttributeValues(Map.of(":id", string(lease.id()))));
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new IOException("the lease " + lease.id() + " is no longer held (taken over or released); stop");
        } catch (SdkException e) {
            throw new IOException("renewing the lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Lease lease) throws IOException {
        try {
            db.deleteItem(b -> b.tableName(table).key(key()).conditionExpression("leaseId = :id")
                    .expressionAttributeValues(Map.of(":id", string(lease.id()))));
        } catch (ConditionalCheckFailedException e) {
            // someone took it over after our lease expired: nothing of ours left to release
        } catch (SdkException e) {
            throw new IOException("releasing the lock: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lease> current() throws IOException {
        try {
            Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key()).consistentRead(true))
                    .item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(lease(item));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("reading the lock: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lease> forceRelease() throws IOException {
        Optional<Lease> was = current();
        try {
            db.deleteItem(b -> b.tableName(table).key(key()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("removing the lock: " + e.getMessage(), e);
        }
        return was;
    }

    private void createTable() throws IOException {
        try {
            db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("LockID").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("LockID").keyType(KeyType.HASH)));
            db.waiter().waitUntilTableExists(b -> b.tableName(table));
        } catch (SdkException e) {
            if (!AwsHandler.isCode(e, "ResourceInUseException")) {
                throw new IOException("creating lock table " + table + ": " + e.getMessage(), e);
            }
        }
    }

    private Map<String, AttributeValue> key() {
        return Map.of("LockID", string(lockId));
    }

    private Map<String, AttributeValue> item(Lease l) {
        Map<String, AttributeValue> m = new HashMap<>(key());
        m.put("leaseId", string(l.id()));
        m.put("holder", string(l.holder()));
        m.put("host", string(l.host()));
        m.put("pid", number(l.pid()));
        m.put("operation", string(l.operation()));
        m.put("started", number(l.started().toEpochMilli()));
        m.put("expires", number(l.expires().toEpochMilli()));
        return m;
    }

    private static Lease lease(Map<String, AttributeValue> m) {
        return new Lease(m.get("leaseId").s(), m.get("holder").s(), m.get("host").s(), Long.parseLong(m.get("pid").n()),
                m.get("operation").s(), Instant.ofEpochMilli(Long.parseLong(m.get("started").n())),
                Instant.ofEpochMilli(Long.parseLong(m.get("expires").n())));
    }

    private static AttributeValue string(String s) {
        return AttributeValue.fromS(s == null ? "" : s);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
