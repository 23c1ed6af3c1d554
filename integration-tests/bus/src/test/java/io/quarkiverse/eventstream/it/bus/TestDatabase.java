package io.quarkiverse.eventstream.it.bus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of this test run only, on the shared server: the instances' store tables and their
 * notifications (which PostgreSQL scopes per database) never meet those of other modules or runs. Dropped at close.
 */
final class TestDatabase implements AutoCloseable {

    private final String host = System.getProperty("bus.pg.host", "127.0.0.1");
    private final String port = System.getProperty("bus.pg.port", "5432");
    private final String user = System.getProperty("bus.pg.user", "postgres");
    final String name = "eventstream_bus_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

    private TestDatabase() {
    }

    static TestDatabase create() throws SQLException {
        TestDatabase database = new TestDatabase();
        try (Connection connection = database.connect("test"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        }
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** A reactive client URL naming the connections {@code applicationName} in {@code pg_stat_activity}. */
    String reactiveUrl(String applicationName) {
        return "postgresql://" + host + ":" + port + "/" + name + "?application_name=" + applicationName;
    }

    String user() {
        return user;
    }

    /**
     * Ends the listening connections ({@code LISTEN} was their last statement) named {@code applicationName}.
     *
     * @return how many were ended
     */
    int terminateListeners(String applicationName) throws SQLException {
        try (Connection connection = connect(name);
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FILTER (WHERE"
                        + " pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = ? AND query LIKE 'LISTEN%'")) {
            statement.setString(1, applicationName);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect("test"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
