package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    @DisplayName("a stop lets the request in flight finish with 201, then closes the store")
    void stopDrainsInFlightRequests() throws Exception {
        CountDownLatch createEntered = new CountDownLatch(1);
        CountDownLatch releaseCreate = new CountDownLatch(1);
        AtomicBoolean storeClosed = new AtomicBoolean();
        ClientRegistry registry = new HeldCreates(new InMemoryClientRegistry(), createEntered, releaseCreate);
        McpOAuthServer server = McpOAuthServer.start(
                ServerConfiguration.load(List.of("--server.port=0", "--store=memory"), Map.of()),
                new StoreBackend(registry, "held", () -> storeClosed.set(true)));

        CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() ->
                Http.postJson(server.uri().resolve("/register"), Map.of("client_name", "drain " + UUID.randomUUID(),
                        "redirect_uris", List.of("http://127.0.0.1:4000/cb"))));
        assertThat(createEntered.await(30, TimeUnit.SECONDS)).as("the registration reached the store").isTrue();

        CountDownLatch stopBegan = new CountDownLatch(1);
        server.whenStopping(stopBegan::countDown);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(stopBegan.await(30, TimeUnit.SECONDS)).as("the stop began").isTrue();
        assertThat(stopping).as("the stop waits for the request in flight").isNotDone();
        assertThat(storeClosed).as("the store stays open while a request needs it").isFalse();

        releaseCreate.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(storeClosed).isTrue();
    }

    /** Holds every create until released, so that a request is in flight when the stop begins. */
    private static final class HeldCreates implements ClientRegistry {
        private final ClientRegistry delegate;
        private final CountDownLatch entered;
        private final CountDownLatch release;

        HeldCreates(ClientRegistry delegate, CountDownLatch entered, CountDownLatch release) {
            this.delegate = delegate;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public void create(RegisteredClient client) {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            delegate.create(client);
        }

        @Override
        public Optional<RegisteredClient> findById(String clientId) {
            return delegate.findById(clientId);
        }

        @Override
        public boolean replace(RegisteredClient client, long expectedVersion) {
            return delegate.replace(client, expectedVersion);
        }

        @Override
        public boolean delete(String clientId) {
            return delegate.delete(clientId);
        }

        @Override
        public void touch(String clientId, Instant when) {
            delegate.touch(clientId, when);
        }

        @Override
        public int deleteUnusedSince(Instant cutoff, int limit) {
            return delegate.deleteUnusedSince(cutoff, limit);
        }

        @Override
        public long count() {
            return delegate.count();
        }

        @Override
        public ClientPage list(ClientQuery query) {
            return delegate.list(query);
        }
    }
}
