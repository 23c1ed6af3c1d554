package io.quarkiverse.eventstream.runtime.bus;

import java.security.SecureRandom;

import jakarta.inject.Singleton;

/**
 * The identifier of this instance on the bus, random for each start: twelve lowercase letters and digits. The origin
 * of every message this instance sends.
 */
@Singleton
public class InstanceId {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String value;

    public InstanceId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        this.value = id.toString();
    }

    public String get() {
        return value;
    }
}
