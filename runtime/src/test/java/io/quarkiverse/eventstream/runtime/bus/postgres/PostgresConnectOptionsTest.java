package io.quarkiverse.eventstream.runtime.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

class PostgresConnectOptionsTest {

    @Test
    void takesHostPortAndDatabaseFromAJdbcUrl() {
        PgConnectOptions options = PostgresConnectOptions.fromJdbc("jdbc:postgresql://db.example.com:6543/app", "p");
        assertThat(options.getHost()).isEqualTo("db.example.com");
        assertThat(options.getPort()).isEqualTo(6543);
        assertThat(options.getDatabase()).isEqualTo("app");
    }

    @Test
    void keepsTheConnectionParametersAndIgnoresTheDriversOwn() {
        PgConnectOptions options = PostgresConnectOptions.fromJdbc(
                "jdbc:postgresql://h1:5433,h2:5434/app?sslmode=require&user=u&password=pw&loggerLevel=OFF", "p");
        // the first host of a list
        assertThat(options.getHost()).isEqualTo("h1");
        assertThat(options.getPort()).isEqualTo(5433);
        assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(options.getUser()).isEqualTo("u");
        assertThat(options.getPassword()).isEqualTo("pw");
        assertThat(options.getProperties()).doesNotContainKey("loggerLevel");
    }

    @Test
    void defaultsWhatTheUrlLeavesOut() {
        PgConnectOptions hostOnly = PostgresConnectOptions.fromJdbc("jdbc:postgresql://h/app", "p");
        assertThat(hostOnly.getPort()).isEqualTo(PgConnectOptions.DEFAULT_PORT);
        PgConnectOptions databaseOnly = PostgresConnectOptions.fromJdbc("jdbc:postgresql:app", "p");
        assertThat(databaseOnly.getHost()).isEqualTo(PgConnectOptions.DEFAULT_HOST);
        assertThat(databaseOnly.getDatabase()).isEqualTo("app");
    }

    @Test
    void refusesAnotherDatabase() {
        assertThatThrownBy(() -> PostgresConnectOptions.fromJdbc("jdbc:h2:mem:events", "quarkus.datasource.jdbc.url"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs a PostgreSQL datasource")
                .hasMessageContaining("quarkus.datasource.jdbc.url");
    }
}
