package io.quarkiverse.eventstream.runtime.config;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * A duration in Quarkus's form ({@code 5m}, {@code PT5M}), or {@code off} for none.
 */
public class DurationOrOffConverter implements Converter<Duration> {

    private static final long serialVersionUID = 1L;

    @Override
    public Duration convert(String value) {
        String trimmed = value.trim();
        if (trimmed.equals("off")) {
            // no value: the Optional is empty
            return null;
        }
        return DurationConverter.parseDuration(trimmed);
    }
}
