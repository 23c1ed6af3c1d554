package io.quarkiverse.eventstream.runtime.channel;

/**
 * The rule for channel names: not empty, at most {@value #MAX_LENGTH} characters, no control characters.
 * <p>
 * Pure functions, thread-safe.
 */
public final class ChannelNames {

    /** The maximum length of a channel name, in UTF-16 characters. */
    public static final int MAX_LENGTH = 128;

    private ChannelNames() {
    }

    /**
     * @param name a candidate channel name, may be {@code null}
     * @return why the name is invalid, or {@code null} if it is valid
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a channel name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "a channel name must be at most " + MAX_LENGTH + " characters long";
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "a channel name must not contain control characters";
            }
        }
        return null;
    }

    /**
     * @param name a channel name to publish to
     * @return {@code name}
     * @throws IllegalArgumentException if the name is invalid
     */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid channel name: " + problem);
        }
        return name;
    }
}
