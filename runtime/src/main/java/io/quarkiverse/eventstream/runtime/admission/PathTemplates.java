package io.quarkiverse.eventstream.runtime.admission;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {param}} templates in endpoint paths and channel names. Pure functions, thread-safe.
 */
public final class PathTemplates {

    // a JAX-RS template: {name} or {name: regex}
    private static final Pattern PARAM = Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?::[^}]*)?}");

    private PathTemplates() {
    }

    /**
     * @return the parameter names a template refers to, in order of first use
     */
    public static Set<String> parameters(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PARAM.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Replaces each {@code {param}} of {@code template} with its value.
     *
     * @throws IllegalArgumentException if a parameter has no value
     */
    public static String expand(String template, Map<String, String> values) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for {" + matcher.group(1) + "} in " + template);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
