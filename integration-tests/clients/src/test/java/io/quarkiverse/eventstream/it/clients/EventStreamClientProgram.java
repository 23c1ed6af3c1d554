package io.quarkiverse.eventstream.it.clients;

import static io.quarkiverse.eventstream.it.clients.OkHttpEventSourceProgram.json;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.quarkiverse.eventstream.client.EventStreamClient;
import io.quarkiverse.eventstream.client.StreamClosedException;
import io.quarkiverse.eventstream.client.StreamRefusedException;

/**
 * The client program of the project's own Java client for the matrix (see {@code src/test/clients/README.md}):
 * {@link EventStreamClient} with its defaults, run in a JVM of its own by {@link ClientMatrixIT}.
 * Arguments: the stream's URL and the comma-separated event types to report.
 */
public final class EventStreamClientProgram {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private EventStreamClientProgram() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        Set<String> types = Set.of(args[1].split(","));
        out("{\"t\":\"client\",\"name\":\"quarkus-eventstream-client\",\"version\":\"this build\"}");
        EventStreamClient client = EventStreamClient.builder(url).build();
        CountDownLatch stopped = new CountDownLatch(1);
        client.events().subscribe().with(event -> {
            if ("stream-open".equals(event.type())) {
                // the client reports no response head: the stream's first event stands for it
                out("{\"t\":\"open\"}");
            }
            if (types.contains(event.type())) {
                out("{\"t\":\"event\",\"type\":" + json(event.type()) + ",\"id\":" + json(event.id()) + ",\"data\":"
                        + json(event.data()) + "}");
            }
        }, failure -> {
            Integer status = failure instanceof StreamRefusedException refused ? refused.status() : null;
            String message = failure instanceof StreamClosedException closed ? closed.condition() : failure.toString();
            out("{\"t\":\"error\",\"status\":" + status + ",\"message\":" + json(message) + "}");
            out("{\"t\":\"closed\"}");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static synchronized void out(String line) {
        OUT.println(line);
    }
}
