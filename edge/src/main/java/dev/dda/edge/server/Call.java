package dev.dda.edge.server;

import java.util.Map;

/** An HTTP request reduced to what the APIs read; the body is already bounded by the size limit. */
record Call(String method, String path, Map<String, String> query, String contentType, byte[] body) {}
