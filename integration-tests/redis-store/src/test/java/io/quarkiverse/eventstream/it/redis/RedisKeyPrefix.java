package io.quarkiverse.eventstream.it.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the test application a key prefix of its own, so runs never see each other's events, and deletes its keys when
 * the tests are done.
 */
public class RedisKeyPrefix implements QuarkusTestResourceLifecycleManager {

    /** The property the prefix is given in. */
    public static final String PROPERTY = "quarkus.eventstream.store.redis.key-prefix";

    // the server of quarkus.redis.hosts in application.properties
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 6379;

    private static final String DELETE_MATCHING = "local deleted = 0"
            + " for _, key in ipairs(redis.call('KEYS', ARGV[1])) do deleted = deleted + redis.call('DEL', key) end"
            + " return deleted";

    private String prefix;

    @Override
    public Map<String, String> start() {
        prefix = "eventstream-it-" + UUID.randomUUID();
        return Map.of(PROPERTY, prefix);
    }

    @Override
    public void stop() {
        // braces are literal in a KEYS pattern: this matches the keys of this run only
        String reply = command("EVAL", DELETE_MATCHING, "0", "{" + prefix + "}:*");
        if (!reply.startsWith(":")) {
            throw new IllegalStateException("Could not delete the test keys of " + prefix + ": " + reply);
        }
    }

    /** Sends one command and returns the first line of the reply. */
    private static String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + HOST + ":" + PORT + " did not answer", e);
        }
    }
}
