package dev.dda.edge.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;

/** The encoded image of a request: multipart field {@code image} (as the DDA tutorial's curl -F), or the raw body. */
final class ImageInput {
    static final String FIELD = "image";

    private ImageInput() {}

    static byte[] of(Call call, long maxBody) throws HttpError {
        String type = call.contentType() == null ? "" : call.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            return multipart(call, maxBody);
        }
        if (type.isEmpty() || type.startsWith("image/") || type.startsWith("application/octet-stream")) {
            return call.body();
        }
        throw new HttpError(415, "content type " + call.contentType() + " is not accepted; send multipart/form-data "
                + "with the file in field '" + FIELD + "', or the image bytes with Content-Type image/png or image/jpeg");
    }

    private static byte[] multipart(Call call, long maxBody) throws HttpError {
        MultiPartConfig config = new MultiPartConfig.Builder().maxParts(16).maxSize(maxBody).maxPartSize(maxBody)
                .maxMemoryPartSize(maxBody).build();
        try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(
                Content.Source.from(ByteBuffer.wrap(call.body())), new Attributes.Mapped(), call.contentType(), config)) {
            MultiPart.Part part = parts.getFirst(FIELD);
            if (part == null) {
                throw new HttpError(400, "multipart form has no field '" + FIELD + "'; send the file as "
                        + "-F " + FIELD + "=@part.jpg");
            }
            // createContentSource, not newContentSource: the latter returns null for parsed parts (Jetty 12.1)
            ByteBuffer buf = Content.Source.asByteBuffer(part.createContentSource());
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new HttpError(400, "malformed multipart/form-data body: " + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
