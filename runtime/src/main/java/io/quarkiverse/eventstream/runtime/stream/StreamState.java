package io.quarkiverse.eventstream.runtime.stream;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a {@link Stream}:
 *
 * <pre>
 * OPENING ──▶ LIVE ◀──▶ CATCHING_UP
 *    │          │            │
 *    └──────────┴─────┬──────┘
 *                     ▼
 *                  CLOSING ──▶ ENDED      (and any state ──▶ ENDED when the client leaves)
 * </pre>
 */
public enum StreamState {
    /** Admitted, its head written; not yet on its event loop, not yet receiving events. */
    OPENING,
    /** Writes live events as they come. */
    LIVE,
    /** Reads what it missed from the store (a replay, or a catch-up after a gap or an overflow); live events wait. */
    CATCHING_UP,
    /** Decided to end: writes its last {@code stream-error} and ends the response. */
    CLOSING,
    /** Over: released from the index, its timers cancelled. */
    ENDED;

    private Set<StreamState> next() {
        return switch (this) {
            case OPENING -> EnumSet.of(LIVE, CATCHING_UP, CLOSING, ENDED);
            case LIVE -> EnumSet.of(CATCHING_UP, CLOSING, ENDED);
            case CATCHING_UP -> EnumSet.of(LIVE, CLOSING, ENDED);
            case CLOSING -> EnumSet.of(ENDED);
            case ENDED -> EnumSet.noneOf(StreamState.class);
        };
    }

    boolean canMoveTo(StreamState state) {
        return next().contains(state);
    }

    /**
     * @return whether a stream in this state still writes to its client
     */
    public boolean isOpen() {
        return this != CLOSING && this != ENDED;
    }
}
