package io.quarkiverse.eventstream.it.bus;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.quarkiverse.eventstream.it.support.LineStream;

/**
 * A stream of one reliable channel read with {@link LineStream}: waits for {@code stream-open}, then hands out the
 * {@code message} events with their ids. Any other event (a {@code stream-reset}, an error) fails the read, so that a
 * test cannot pass over a reset.
 */
final class MessageStream implements AutoCloseable {

    /** One {@code message} event: its id, the channel position the id carries, its data. */
    record Message(String id, long position, String data) {
    }

    private final LineStream lines;

    private MessageStream(LineStream lines) {
        this.lines = lines;
    }

    /** Opens {@code uri} and waits for {@code stream-open}. */
    static MessageStream open(URI uri, Duration timeout, String... headers) throws Exception {
        LineStream lines = LineStream.open(uri, headers);
        if (lines.response().statusCode() != 200) {
            lines.close();
            throw new AssertionError("Stream " + uri + " answered " + lines.response().statusCode());
        }
        MessageStream stream = new MessageStream(lines);
        List<String> first = stream.nextEventBlock(timeout);
        if (!first.contains("event: stream-open")) {
            stream.close();
            throw new AssertionError("Expected stream-open first, got " + first);
        }
        return stream;
    }

    /** The next {@code message} event; fails on any other event or when none comes within {@code timeout}. */
    Message next(Duration timeout) throws InterruptedException {
        String idBefore = lines.lastId();
        List<String> block = nextEventBlock(timeout);
        if (!block.contains("event: message")) {
            throw new AssertionError("Expected a message event, got " + block);
        }
        String id = lines.lastId();
        if (id == null || Objects.equals(id, idBefore)) {
            throw new AssertionError("A message event without an id: " + block);
        }
        return new Message(id, Long.parseLong(id.substring(id.lastIndexOf('~') + 1)), data(block));
    }

    /** The data of the next {@code message} event of a channel that is not stored: it must carry no id. */
    String nextUnstored(Duration timeout) throws InterruptedException {
        List<String> block = nextEventBlock(timeout);
        if (!block.contains("event: message") || block.stream().anyMatch(line -> line.startsWith("id:"))) {
            throw new AssertionError("Expected a message event without an id, got " + block);
        }
        return data(block);
    }

    private static String data(List<String> block) {
        StringBuilder data = new StringBuilder();
        for (String line : block) {
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return data.toString();
    }

    /** The next {@code count} message events, all within {@code timeout}. */
    List<Message> next(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> messages = new ArrayList<>(count);
        while (messages.size() < count) {
            try {
                messages.add(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            } catch (AssertionError e) {
                throw new AssertionError("After " + messages.size() + " of " + count + " messages: " + e.getMessage(),
                        e);
            }
        }
        return messages;
    }

    /** The next block that is an event, not a keep-alive comment. */
    List<String> nextEventBlock(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> block = lines.nextBlock(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!block.stream().allMatch(line -> line.startsWith(":"))) {
                return block;
            }
        }
    }

    /**
     * Waits {@code quiet} for one more event: for asserting that nothing else is delivered.
     *
     * @return the block that came, or {@code null}
     */
    List<String> poll(Duration quiet) throws InterruptedException {
        return lines.pollBlock(quiet);
    }

    /** Waits for the server to end the response; {@code true} when it ended cleanly. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return lines.awaitEnd(timeout);
    }

    /** The id of the last event read that had one. */
    String lastId() {
        return lines.lastId();
    }

    @Override
    public void close() {
        lines.close();
    }
}
