package dev.dda.graph;

import java.util.regex.Pattern;

/**
 * A resource's address, {@code KIND.NAME}: {@code bucket.data}, {@code training.alien-defect-detector},
 * {@code component.com.example.detector}. The kind stops at the first dot; the name may hold dots.
 */
public record Address(String kind, String name) implements Comparable<Address> {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");

    public Address {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("resource kind must be lower-case letters, digits and '-': " + kind);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("resource name must not be empty");
        }
    }

    public static Address of(String kind, String name) {
        return new Address(kind, name);
    }

    /** Parses {@code KIND.NAME}; throws IllegalArgumentException with a message fit for a user. */
    public static Address parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a resource address; expected KIND.NAME, "
                    + "such as bucket.data or labeling.alien-defect-labeling");
        }
        return new Address(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public int compareTo(Address o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return kind + "." + name;
    }
}
