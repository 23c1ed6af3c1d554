package io.quarkiverse.eventstream.runtime.bus.postgres;

import java.net.URI;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * The connection settings of the {@code postgres} bus, taken from a datasource of the application: its
 * {@code reactive.url} when set, else its {@code jdbc.url}, so that an application with a JDBC datasource needs no
 * second URL; with the datasource's {@code username} and {@code password}.
 */
final class PostgresConnectOptions {

    private PostgresConnectOptions() {
    }

    static PgConnectOptions of(Config config, Optional<String> datasource) {
        String prefix = datasource.map(name -> "quarkus.datasource.\"" + name + "\".").orElse("quarkus.datasource.");
        Optional<String> reactive = config.getOptionalValue(prefix + "reactive.url", String.class);
        Optional<String> jdbc = config.getOptionalValue(prefix + "jdbc.url", String.class);
        PgConnectOptions options;
        if (reactive.isPresent()) {
            String url = reactive.get().split(",")[0].trim();
            options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        } else if (jdbc.isPresent()) {
            options = fromJdbc(jdbc.get(), prefix + "jdbc.url");
        } else {
            throw new ConfigurationException("quarkus.eventstream.bus=postgres needs the PostgreSQL connection of the"
                    + " datasource: set " + prefix + "jdbc.url or " + prefix + "reactive.url");
        }
        config.getOptionalValue(prefix + "username", String.class).ifPresent(options::setUser);
        config.getOptionalValue(prefix + "password", String.class).ifPresent(options::setPassword);
        // the listening connection must notice a dead server
        options.setTcpKeepAlive(true);
        return options;
    }

    /** {@code jdbc:postgresql://host[:port][,...]/database[?sslmode=...&...]}; other driver parameters are ignored. */
    static PgConnectOptions fromJdbc(String url, String property) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("quarkus.eventstream.bus=postgres needs a PostgreSQL datasource, but "
                    + property + " is " + url);
        }
        String rest = url.substring("jdbc:postgresql:".length());
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        PgConnectOptions options = new PgConnectOptions();
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hosts = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            String host = hosts.split(",")[0];
            if (!host.isEmpty()) {
                URI authority = URI.create("postgresql://" + host);
                if (authority.getHost() != null) {
                    options.setHost(authority.getHost());
                }
                if (authority.getPort() > 0) {
                    options.setPort(authority.getPort());
                }
            }
            if (!database.isEmpty()) {
                options.setDatabase(database);
            }
        } else if (!rest.isEmpty()) {
            options.setDatabase(rest);
        }
        if (query != null) {
            for (String parameter : query.split("&")) {
                String[] pair = parameter.split("=", 2);
                if (pair.length == 2) {
                    switch (pair[0]) {
                        case "user" -> options.setUser(pair[1]);
                        case "password" -> options.setPassword(pair[1]);
                        case "sslmode" -> options.setSslMode(SslMode.of(pair[1]));
                        default -> {
                            // a JDBC driver setting: nothing to do for the bus
                        }
                    }
                }
            }
        }
        return options;
    }
}
