package io.quarkiverse.eventstream.runtime.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves one file of the browser client from memory: the bytes are read from the class path once, when the handler is
 * created at startup, so a request never touches the disk or the jar. Answers {@code GET} and {@code HEAD} with an
 * {@code ETag} (a hash of the content) and {@code 304} on a matching {@code If-None-Match}, {@code Cache-Control: no-cache}
 * (the browser revalidates, so an upgraded extension is picked up) and {@code Access-Control-Allow-Origin: *} (a module
 * script loaded from another origin needs CORS; the file is public). Other methods get {@code 405}. Runs on the event
 * loop and never blocks.
 */
public final class ClientScript implements Handler<RoutingContext> {

    /** Where the Maven build puts the compiled client, in the runtime jar. */
    public static final String MODULE_RESOURCE = "META-INF/eventstream/client.js";

    /** The TypeScript declarations of {@link #MODULE_RESOURCE}. */
    public static final String DECLARATIONS_RESOURCE = "META-INF/eventstream/client.d.ts";

    private final byte[] content;
    private final String contentType;
    private final String etag;

    ClientScript(byte[] content, String contentType) {
        this.content = content;
        this.contentType = contentType;
        this.etag = etagOf(content);
    }

    /**
     * Reads a class path resource.
     *
     * @param resource the resource name, e.g. {@link #MODULE_RESOURCE}
     * @param contentType the {@code Content-Type} of the answers
     * @return the handler that serves it
     * @throws IllegalStateException when the resource is missing (a runtime jar built without the client)
     */
    public static ClientScript load(String resource, String contentType) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path: the runtime jar was built"
                        + " without the browser client");
            }
            return new ClientScript(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /**
     * @return the entity tag of the content, quoted
     */
    public String etag() {
        return etag;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpMethod method = context.request().method();
        HttpServerResponse response = context.response();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
            return;
        }
        response.putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (matches(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (method == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(content.length)).end();
        } else {
            response.end(Buffer.buffer(content));
        }
    }

    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etagOf(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
