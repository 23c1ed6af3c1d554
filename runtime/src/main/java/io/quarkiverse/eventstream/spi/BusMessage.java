package io.quarkiverse.eventstream.spi;

import java.util.Objects;

import io.quarkiverse.eventstream.ChannelEvent;

/**
 * One message on an {@link EventBus}: an event published to a channel, the reference to a stored event (its channel
 * and position, without its data, for engines that limit the size of a message), or a permission change that may end
 * streams. Immutable.
 * <p>
 * {@link #encode()} and {@link #decode(String)} give a text form that keeps every field exactly (data may contain any
 * character but NUL), for engines that carry strings.
 * <p>
 * An event may carry the W3C {@code traceparent} of the span that published it, on the origin's line after a space.
 * Messages without it read as before, and a receiver that predates it takes that line for the origin of another
 * instance, which is what it is: the text form stays version {@code 1}.
 */
public final class BusMessage {

    /**
     * What a message carries.
     */
    public enum Kind {
        /** An event with its data. */
        EVENT,
        /** A stored event without its data: the receiver reads it from the store by its position. */
        REFERENCE,
        /** {@code EventPublisher.permissionChanged}: the receiver checks again its streams of a principal on a channel. */
        PERMISSION_CHANGED
    }

    private static final String VERSION = "1";

    private final Kind kind;
    private final String origin;
    private final String channel;
    private final String type;
    private final String data;
    private final long position;
    private final String principal;
    private final String traceparent;

    private BusMessage(Kind kind, String origin, String channel, String type, String data, long position,
            String principal) {
        this(kind, origin, channel, type, data, position, principal, null);
    }

    private BusMessage(Kind kind, String origin, String channel, String type, String data, long position,
            String principal, String traceparent) {
        this.kind = kind;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.type = type;
        this.data = data;
        this.position = position;
        this.principal = principal;
        this.traceparent = traceparent;
    }

    /**
     * @param origin the identifier of the publishing instance (letters and digits)
     * @param event the committed event; its position is {@code 0} when its channel is not stored
     */
    public static BusMessage event(String origin, ChannelEvent event) {
        String traceparent = event.traceparent();
        // it shares the origin's line
        boolean fits = traceparent != null && traceparent.indexOf('\n') < 0;
        return new BusMessage(Kind.EVENT, origin, event.channel(), event.type(), event.data(), event.position(), null,
                fits ? traceparent : null);
    }

    /**
     * @param origin the identifier of the publishing instance (letters and digits)
     * @param principal the principal name whose permission changed, {@code null} for anonymous streams
     */
    public static BusMessage permissionChanged(String origin, String principal, String channel) {
        return new BusMessage(Kind.PERMISSION_CHANGED, origin, channel, null, null, 0, principal);
    }

    /**
     * @return this event's message without its data, which the receivers read from the store
     * @throws IllegalStateException when this is not an event of a stored channel
     */
    public BusMessage reference() {
        if (kind != Kind.EVENT || position <= 0) {
            throw new IllegalStateException("Only an event of a stored channel can travel as a reference");
        }
        return new BusMessage(Kind.REFERENCE, origin, channel, type, null, position, null);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @return the identifier of the instance that published the message
     */
    public String origin() {
        return origin;
    }

    public String channel() {
        return channel;
    }

    /**
     * @return the event type; {@code null} for a permission change
     */
    public String type() {
        return type;
    }

    /**
     * @return the event data; {@code null} for a reference or a permission change
     */
    public String data() {
        return data;
    }

    /**
     * @return the position of an event in its stored channel, {@code 0} when the channel is not stored or for a
     *         permission change
     */
    public long position() {
        return position;
    }

    /**
     * @return the principal of a permission change, {@code null} for anonymous streams or other kinds
     */
    public String principal() {
        return principal;
    }

    /**
     * @return the W3C {@code traceparent} of the span that published the event, {@code null} when the publishing
     *         instance traced nothing or for other kinds
     */
    public String traceparent() {
        return traceparent;
    }

    /**
     * @return the event this message carries
     * @throws IllegalStateException when it carries no event data
     */
    public ChannelEvent toEvent() {
        if (kind != Kind.EVENT) {
            throw new IllegalStateException("A " + kind + " message carries no event");
        }
        return new ChannelEvent(channel, type, data, position, traceparent);
    }

    /**
     * @return the text form: lines of version, kind, origin (and the traceparent, if any, after a space), channel,
     *         then the kind's fields, the free text (data or principal) last, so that it may contain line feeds
     */
    public String encode() {
        StringBuilder text = new StringBuilder(64 + (data == null ? 0 : data.length()));
        text.append(VERSION).append('\n').append(kind.ordinal()).append('\n').append(origin);
        if (traceparent != null) {
            text.append(' ').append(traceparent);
        }
        text.append('\n').append(channel).append('\n');
        switch (kind) {
            case EVENT -> text.append(position).append('\n').append(type).append('\n').append(data);
            case REFERENCE -> text.append(position).append('\n').append(type);
            case PERMISSION_CHANGED -> text.append(principal == null ? "-" : "+" + principal);
        }
        return text.toString();
    }

    /**
     * @param text what {@link #encode()} gave
     * @throws IllegalArgumentException when {@code text} is not a message of this version
     */
    public static BusMessage decode(String text) {
        int[] at = { 0 };
        try {
            if (!VERSION.equals(field(text, at))) {
                throw new IllegalArgumentException("Not a version " + VERSION + " event bus message");
            }
            Kind kind = Kind.values()[Integer.parseInt(field(text, at))];
            String origin = field(text, at);
            String traceparent = null;
            int space = origin.indexOf(' ');
            if (space >= 0) {
                traceparent = origin.substring(space + 1);
                origin = origin.substring(0, space);
            }
            String channel = field(text, at);
            switch (kind) {
                case EVENT -> {
                    long position = Long.parseLong(field(text, at));
                    String type = field(text, at);
                    return new BusMessage(kind, origin, channel, type, text.substring(at[0]), position, null,
                            traceparent);
                }
                case REFERENCE -> {
                    long position = Long.parseLong(field(text, at));
                    return new BusMessage(kind, origin, channel, text.substring(at[0]), null, position, null);
                }
                default -> {
                    String rest = text.substring(at[0]);
                    return new BusMessage(kind, origin, channel, null, null, 0,
                            rest.startsWith("+") ? rest.substring(1) : null);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Malformed event bus message", e);
        }
    }

    private static String field(String text, int[] at) {
        int end = text.indexOf('\n', at[0]);
        if (end < 0) {
            throw new IllegalArgumentException("Missing field");
        }
        String field = text.substring(at[0], end);
        at[0] = end + 1;
        return field;
    }

    @Override
    public String toString() {
        // the data stays out: it may be personal data
        return "BusMessage[" + kind + ", origin=" + origin + ", channel=" + channel + ", position=" + position + "]";
    }
}
