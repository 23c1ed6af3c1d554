package io.quarkiverse.eventstream.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.bus.MessageStream.Message;

/**
 * The contract on {@code quarkus.eventstream.bus=redis} (pub/sub), on a Redis server of this class only: the tests
 * kill its clients and restart it, which they must never do to the server other tests share.
 */
class RedisBusIT extends BusContractIT {

    private PrivateRedis redis;

    @Override
    String bus() {
        return "redis";
    }

    @Override
    Path jar() {
        return Path.of(System.getProperty("bus.app.redis"));
    }

    @Override
    void startBusServer() throws Exception {
        redis = PrivateRedis.start();
    }

    @Override
    void stopBusServer() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    List<String> busProperties(String name) {
        return List.of("quarkus.redis.hosts=" + redis.uri());
    }

    /** Cuts every subscriber of the private server: B's subscription too, which does not matter to B's publishes. */
    @Override
    int cutBusConnectionOfA() throws Exception {
        String reply = redis.command("CLIENT", "KILL", "TYPE", "pubsub");
        assertThat(reply).startsWith(":");
        return Integer.parseInt(reply.substring(1));
    }

    @Test
    void losesAndRepeatsNothingWhenRedisRestartsDuringABurst() throws Exception {
        String channel = "redis-restart";
        try (MessageStream onA = MessageStream.open(a.uri("/events/" + channel), WAIT)) {
            CompletableFuture<String> burst = b.burst(channel, BURST, 2);
            awaitPosition(b, channel, BURST / 5, burst);
            redis.crash();
            assertThat(burst).as("the crash came during the burst").isNotDone();
            // B goes on publishing while Redis is down: those messages are lost for good
            awaitPosition(b, channel, BURST / 2, burst);
            redis.restart();
            burst.get(90, TimeUnit.SECONDS);
            List<Message> seen = onA.next(BURST, Duration.ofSeconds(60));
            assertOnceInOrder(seen, burstData(BURST));
            assertThat(onA.poll(QUIET)).as("nothing more").isNull();
            // and the bus works again
            b.publish(channel, "after-restart");
            assertThat(onA.next(WAIT).data()).isEqualTo("after-restart");
        }
    }
}
