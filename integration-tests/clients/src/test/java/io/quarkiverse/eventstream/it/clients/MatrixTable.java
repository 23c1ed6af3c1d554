package io.quarkiverse.eventstream.it.clients;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The matrix as an AsciiDoc table, one line per row ({@code |client |version |path |case... |latency}), and its
 * comparison with the committed table, where versions and latencies do not count.
 */
final class MatrixTable {

    static final String HEADER = "// Written by ClientMatrixIT (integration-tests/clients), do not edit: run it with"
            + " -Dclients.matrix=true -Dclients.matrix.update=true";

    private final Map<String, String> cases;
    private final String latency;
    private final List<List<String>> rows = new ArrayList<>();

    MatrixTable(Map<String, String> cases, String latency) {
        this.cases = cases;
        this.latency = latency;
    }

    /** Adds a row; a case without a cell is written {@code -} (not run on that path). */
    void row(String client, String version, String path, Map<String, String> cells) {
        List<String> row = new ArrayList<>(List.of(client, version, path));
        for (String key : cases.keySet()) {
            row.add(cells.getOrDefault(key, "-"));
        }
        rows.add(row);
    }

    String render() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("[cols=\"3,2,3").append(",2".repeat(cases.size())).append("\",options=\"header\"]\n|===\n");
        List<String> titles = new ArrayList<>(List.of("Client", "Version", "Path"));
        titles.addAll(cases.values());
        text.append(line(titles)).append("\n\n");
        for (List<String> row : rows) {
            text.append(line(row)).append('\n');
        }
        return text.append("|===\n").toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().map(cell -> "|" + cell.replace("|", "\\|")).collect(Collectors.joining(" "));
    }

    /**
     * Writes the table to {@code generated}, then either rewrites {@code committed} with it ({@code update}) or fails
     * with the rows that differ from it.
     */
    void check(Path generated, Path committed, boolean update) throws IOException {
        String text = render();
        Files.createDirectories(generated.toAbsolutePath().getParent());
        Files.writeString(generated, text);
        if (update) {
            Files.writeString(committed, text);
            return;
        }
        if (!Files.exists(committed)) {
            fail("No committed table " + committed + "; generated " + generated
                    + ": run with -Dclients.matrix.update=true to commit it");
        }
        List<String> expected = comparable(Files.readString(committed));
        List<String> actual = comparable(text);
        if (!expected.equals(actual)) {
            List<String> diff = new ArrayList<>();
            for (String row : expected) {
                if (!actual.contains(row)) {
                    diff.add("- " + row);
                }
            }
            for (String row : actual) {
                if (!expected.contains(row)) {
                    diff.add("+ " + row);
                }
            }
            fail("The clients behave differently from the committed table " + committed + " (- committed, + now; "
                    + "versions and latencies ignored):\n" + String.join("\n", diff) + "\nGenerated: " + generated
                    + "; if the change is expected, rerun with -Dclients.matrix.update=true and commit the table");
        }
    }

    // the rows without their version and latency cells
    private List<String> comparable(String text) {
        List<String> result = new ArrayList<>();
        for (String line : text.lines().collect(Collectors.toList())) {
            if (!line.startsWith("|") || line.startsWith("|===")) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(line.substring(1).split(" \\|", -1)));
            if (cells.size() < 4) {
                continue;
            }
            cells.remove(cells.size() - 1);
            cells.remove(1);
            result.add(String.join(" | ", cells));
        }
        return result;
    }
}
