package dev.dda.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.dda.graph.Address;
import dev.dda.spec.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one Jackson configuration for everything dda writes as JSON: plan files, state, views. A {@link Secret}
 * is always written as {@link Secret#redacted()}, so no JSON dda produces can hold a secret; map keys are
 * sorted, so equal trees give equal text (content digests rely on it).
 */
public final class Json {
    private static final ObjectMapper MAPPER = build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact, key-sorted JSON of a tree: the input of content digests. */
    public static String canonical(Object tree) {
        try {
            return MAPPER.writeValueAsString(redact(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A deep copy of an attribute tree in which every secret is replaced by its redacted form and every map is
     * key-sorted: what plans, state and views hold.
     */
    @SuppressWarnings("unchecked")
    public static <T> T redact(T tree) {
        return (T) redactNode(tree);
    }

    private static Object redactNode(Object node) {
        if (node instanceof Secret s) {
            return s.redacted();
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), redactNode(v)));
            return out;
        }
        if (node instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(redactNode(v)));
            return out;
        }
        if (node instanceof Address a) {
            return a.toString();
        }
        return node;
    }

    private static ObjectMapper build() {
        SimpleModule module = new SimpleModule("dda");
        module.addSerializer(Secret.class, new JsonSerializer<>() {
            @Override
            public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.redacted());
            }
        });
        module.addSerializer(Address.class, ToStringSerializer.instance);
        module.addKeySerializer(Address.class, new JsonSerializer<>() {
            @Override
            public void serialize(Address value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeFieldName(value.toString());
            }
        });
        module.addDeserializer(Address.class, new JsonDeserializer<>() {
            @Override
            public Address deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Address.parse(p.getValueAsString());
            }
        });
        module.addKeyDeserializer(Address.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                return Address.parse(key);
            }
        });
        module.addSerializer(Instant.class, ToStringSerializer.instance);
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(module)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}
