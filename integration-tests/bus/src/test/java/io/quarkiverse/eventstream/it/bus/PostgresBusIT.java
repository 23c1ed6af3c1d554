package io.quarkiverse.eventstream.it.bus;

import java.nio.file.Path;
import java.util.List;

/**
 * The contract on {@code quarkus.eventstream.bus=postgres} (LISTEN/NOTIFY). A's bus reaches PostgreSQL through a
 * reactive URL that names its connections, so that the test can end A's listening connection alone; B derives its
 * connection from the JDBC URL, as most applications would.
 */
class PostgresBusIT extends BusContractIT {

    private static final String LISTENER_OF_A = "eventstream-bus-a";

    @Override
    String bus() {
        return "postgres";
    }

    @Override
    Path jar() {
        return Path.of(System.getProperty("bus.app.postgres"));
    }

    @Override
    List<String> busProperties(String name) {
        return name.equals("a") ? List.of("quarkus.datasource.reactive.url=" + database.reactiveUrl(LISTENER_OF_A))
                : List.of();
    }

    @Override
    int cutBusConnectionOfA() throws Exception {
        return database.terminateListeners(LISTENER_OF_A);
    }
}
