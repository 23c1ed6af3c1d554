package io.quarkiverse.eventstream.runtime.bus.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.eventstream.spi.BusMessage;

/**
 * Bus messages as {@code NOTIFY} payloads, which PostgreSQL limits to less than 8,000 bytes. A stored event that does
 * not fit travels as a reference, read back from the store by the receivers. Any other message that does not fit (an
 * event of a channel that is not stored) travels in fragments sent in one transaction: PostgreSQL delivers the
 * notifications of a transaction together and in order, and never those of a transaction that rolled back.
 * <p>
 * A whole message starts with its version line ({@code 1}); a fragment with {@code F}, then the message's identifier,
 * the fragment's index and the fragment count, each on its line.
 */
final class Notifications {

    /** The most UTF-8 bytes of one payload: PostgreSQL's limit is 8,000, minus room for the fragment header. */
    static final int MAX_BYTES = 7_900;
    /** Characters per fragment: even at 3 bytes each (4 for a surrogate pair of 2 characters) well under the limit. */
    private static final int FRAGMENT_CHARS = 2_400;
    /** Messages in fragments being put back together at most; the oldest is dropped past it. */
    private static final int MAX_ASSEMBLING = 64;

    private final String origin;
    private final AtomicLong fragmented = new AtomicLong();
    private final Map<String, String[]> assembling = new LinkedHashMap<>();

    /**
     * @param origin the identifier of this instance, unique to the identifiers of its fragmented messages
     */
    Notifications(String origin) {
        this.origin = origin;
    }

    /**
     * @return the payloads that carry {@code message}, in order; more than one must be sent in one transaction
     */
    List<String> payloads(BusMessage message) {
        String text = message.encode();
        if (fits(text)) {
            return List.of(text);
        }
        if (message.kind() == BusMessage.Kind.EVENT && message.position() > 0) {
            return List.of(message.reference().encode());
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + FRAGMENT_CHARS);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                // never split a surrogate pair
                end--;
            }
            chunks.add(text.substring(start, end));
            start = end;
        }
        String id = origin + "-" + fragmented.incrementAndGet();
        List<String> payloads = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            payloads.add("F\n" + id + "\n" + i + "\n" + chunks.size() + "\n" + chunks.get(i));
        }
        return payloads;
    }

    /**
     * Takes one payload as received; called by one thread at a time.
     *
     * @return the message it completes, or {@code null} when it is a fragment of a message not complete yet
     * @throws IllegalArgumentException when the payload is not one of ours
     */
    BusMessage received(String payload) {
        if (!payload.startsWith("F\n")) {
            return BusMessage.decode(payload);
        }
        String[] header = payload.split("\n", 5);
        if (header.length < 5) {
            throw new IllegalArgumentException("Malformed event bus fragment");
        }
        String id = header[1];
        int index = Integer.parseInt(header[2]);
        int count = Integer.parseInt(header[3]);
        String[] parts = assembling.get(id);
        if (parts == null) {
            if (assembling.size() >= MAX_ASSEMBLING) {
                assembling.remove(assembling.keySet().iterator().next());
            }
            parts = new String[count];
            assembling.put(id, parts);
        }
        parts[index] = header[4];
        for (String part : parts) {
            if (part == null) {
                return null;
            }
        }
        assembling.remove(id);
        return BusMessage.decode(String.join("", parts));
    }

    private static boolean fits(String text) {
        // 3 bytes per character at most for a char outside surrogates: skip the count for short texts
        return text.length() * 3 <= MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
