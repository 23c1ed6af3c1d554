package io.quarkiverse.eventstream.it.clients;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.HttpConnectStrategy;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamHttpErrorException;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import com.launchdarkly.eventsource.background.ConnectionErrorHandler;

/**
 * The client program of LaunchDarkly's okhttp-eventsource for the matrix (see {@code src/test/clients/README.md}): a
 * {@link BackgroundEventSource} with the library's defaults, run in a JVM of its own by {@link ClientMatrixIT}; with
 * {@code -Dmatrix.recipe=true}, with the connection error handler of the docs' clients page.
 * Arguments: the stream's URL and the comma-separated event types to report.
 */
public final class OkHttpEventSourceProgram {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private OkHttpEventSourceProgram() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        Set<String> types = Set.of(args[1].split(","));
        out("{\"t\":\"client\",\"name\":\"okhttp-eventsource\",\"version\":"
                + json(System.getProperty("okhttp-eventsource.version", "?")) + "}");
        BackgroundEventHandler handler = new BackgroundEventHandler() {
            @Override
            public void onOpen() {
                out("{\"t\":\"open\"}");
            }

            @Override
            public void onClosed() {
                out("{\"t\":\"error\",\"status\":null,\"message\":\"stream closed\"}");
            }

            @Override
            public void onMessage(String event, MessageEvent message) {
                if (types.contains(event)) {
                    out("{\"t\":\"event\",\"type\":" + json(event) + ",\"id\":" + json(message.getLastEventId())
                            + ",\"data\":" + json(message.getData()) + "}");
                }
            }

            @Override
            public void onComment(String comment) {
            }

            @Override
            public void onError(Throwable error) {
                Integer status = error instanceof StreamHttpErrorException http ? http.getCode() : null;
                out("{\"t\":\"error\",\"status\":" + status + ",\"message\":" + json(error.toString()) + "}");
            }
        };
        boolean recipe = Boolean.getBoolean("matrix.recipe");
        HttpConnectStrategy connect = ConnectStrategy.http(url);
        if (recipe) {
            // the default read timeout, 5 s, is shorter than the extension's default keep-alive interval, 20 s
            connect = connect.readTimeout(1, TimeUnit.MINUTES);
        }
        BackgroundEventSource.Builder builder = new BackgroundEventSource.Builder(handler, new EventSource.Builder(connect));
        if (recipe) {
            // stop for good on a 4xx (but 429): the server refused this stream, trying again changes nothing
            builder.connectionErrorHandler(error -> error instanceof StreamHttpErrorException http
                    && http.getCode() >= 400 && http.getCode() < 500 && http.getCode() != 429
                            ? ConnectionErrorHandler.Action.SHUTDOWN
                            : ConnectionErrorHandler.Action.PROCEED);
        }
        BackgroundEventSource source = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            source.close();
            stopped.countDown();
        }));
        source.start();
        stopped.await();
    }

    private static synchronized void out(String line) {
        OUT.println(line);
    }

    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
