package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientsReaped;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ClientReaper (DESIGN §10, reaping)")
class ClientReaperTest {

    private static final Duration UNUSED_FOR = Duration.ofDays(90);

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingRegistry registry = new RecordingRegistry();
    private final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
    private final SequentialSecrets secrets = new SequentialSecrets("reap-");

    /** Registers {@code n} clients now; returns their ids. */
    private List<String> register(int n) {
        RegistrationService service = RegistrationService.builder(registry, openPolicy().build()).clock(clock)
                .secrets(secrets).build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(service.register(body("client_name", "reap " + i), Optional.empty()).client().clientId());
        }
        return ids;
    }

    private ClientReaper.Builder reaper() {
        return ClientReaper.builder(registry).clock(clock).listeners(List.of(events::add));
    }

    @Test
    @DisplayName("deletes the clients unused for the period, keeps the used and the young, and publishes one ClientsReaped")
    void reapsUnused() {
        List<String> stale = register(3);
        List<String> used = register(1);
        clock.advance(UNUSED_FOR.plusDays(1));
        registry.touch(used.get(0), clock.instant().minus(Duration.ofDays(1)));
        List<String> young = register(2);
        registry.calls.clear();

        ClientReaper.Reaping reaping = reaper().build().reap(UNUSED_FOR);

        Instant cutoff = clock.instant().minus(UNUSED_FOR);
        assertThat(reaping).isEqualTo(new ClientReaper.Reaping(cutoff, 3, true));
        assertThat(stale).allSatisfy(id -> assertThat(registry.findById(id)).isEmpty());
        assertThat(used).allSatisfy(id -> assertThat(registry.findById(id)).isPresent());
        assertThat(young).allSatisfy(id -> assertThat(registry.findById(id)).isPresent());
        assertThat(registry.calls).containsExactly(ClientReaper.DEFAULT_BATCH_SIZE);
        assertThat(events).containsExactly(new ClientsReaped(clock.instant(), cutoff, 3));
    }

    @Test
    @DisplayName("with nothing to reap, answers zero and still publishes ClientsReaped with count 0")
    void nothingToReap() {
        register(2);

        ClientReaper.Reaping reaping = reaper().build().reap(UNUSED_FOR);

        assertThat(reaping.count()).isZero();
        assertThat(reaping.complete()).isTrue();
        assertThat(registry.count()).isEqualTo(2);
        assertThat(events).containsExactly(new ClientsReaped(NOW, NOW.minus(UNUSED_FOR), 0));
    }

    @Nested
    @DisplayName("batches")
    class Batches {

        @Test
        @DisplayName("deletes in batches of the configured size until one comes back short")
        void untilAShortBatch() {
            register(7);
            clock.advance(UNUSED_FOR.plusDays(1));
            registry.calls.clear();

            ClientReaper.Reaping reaping = reaper().batchSize(2).build().reap(UNUSED_FOR);

            assertThat(reaping.count()).isEqualTo(7);
            assertThat(reaping.complete()).isTrue();
            assertThat(registry.calls).containsExactly(2, 2, 2, 2);
            assertThat(registry.deleted).containsExactly(2, 2, 2, 1);
            assertThat(registry.count()).isZero();
        }

        @Test
        @DisplayName("an exact multiple of the batch size takes one more, empty, batch to know it is done")
        void exactMultiple() {
            register(4);
            clock.advance(UNUSED_FOR.plusDays(1));
            registry.calls.clear();

            ClientReaper.Reaping reaping = reaper().batchSize(2).build().reap(UNUSED_FOR);

            assertThat(reaping.count()).isEqualTo(4);
            assertThat(reaping.complete()).isTrue();
            assertThat(registry.deleted).containsExactly(2, 2, 0);
        }

        @Test
        @DisplayName("stops at the batch limit, says it is not complete, and the next call goes on")
        void boundedPerCall() {
            register(7);
            clock.advance(UNUSED_FOR.plusDays(1));
            ClientReaper reaper = reaper().batchSize(2).maxBatches(2).build();

            ClientReaper.Reaping first = reaper.reap(UNUSED_FOR);
            assertThat(first.count()).isEqualTo(4);
            assertThat(first.complete()).isFalse();
            assertThat(registry.count()).isEqualTo(3);

            ClientReaper.Reaping second = reaper.reap(UNUSED_FOR);
            assertThat(second.count()).isEqualTo(3);
            assertThat(second.complete()).isTrue();
            assertThat(registry.count()).isZero();
            assertThat(events).extracting(event -> ((ClientsReaped) event).count()).containsExactly(4, 3);
        }

        @Test
        @DisplayName("an interrupted thread stops before the next batch, keeps its interrupt status, and the count is still published")
        void interrupted() {
            register(3);
            clock.advance(UNUSED_FOR.plusDays(1));
            registry.calls.clear();
            ClientReaper reaper = reaper().batchSize(1).build();
            registry.afterDelete = () -> Thread.currentThread().interrupt();
            try {
                ClientReaper.Reaping reaping = reaper.reap(UNUSED_FOR);

                assertThat(Thread.currentThread().isInterrupted()).isTrue();
                assertThat(reaping.count()).isEqualTo(1);
                assertThat(reaping.complete()).isFalse();
                assertThat(registry.calls).hasSize(1);
                assertThat(events).containsExactly(new ClientsReaped(clock.instant(), reaping.cutoff(), 1));
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Nested
    @DisplayName("a store failure")
    class StoreFailure {

        @Test
        @DisplayName("part-way: the clients already deleted are published, then StoreFailed(reap, unavailable), and the outage is thrown with the count")
        void partWayUnavailable() {
            register(5);
            clock.advance(UNUSED_FOR.plusDays(1));
            ClientRegistryUnavailableException outage = new ClientRegistryUnavailableException("connection refused");
            registry.failOnCall(3, () -> outage);

            ClientRegistryUnavailableException thrown = catchThrowableOfType(
                    ClientRegistryUnavailableException.class, () -> reaper().batchSize(2).build().reap(UNUSED_FOR));

            assertThat(thrown).hasMessageContaining("stopped after deleting 4").hasCause(outage);
            Instant cutoff = clock.instant().minus(UNUSED_FOR);
            assertThat(events).containsExactly(new ClientsReaped(clock.instant(), cutoff, 4),
                    new StoreFailed(clock.instant(), "reap", true));
            assertThat(registry.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("on the first batch: no ClientsReaped, a StoreFailed(reap, error), and a ClientRegistryException that is not 'unavailable'")
        void firstBatchError() {
            register(2);
            clock.advance(UNUSED_FOR.plusDays(1));
            ClientRegistryException error = new ClientRegistryException("constraint violated");
            registry.failOnCall(1, () -> error);

            Throwable thrown = catchThrowableOfType(ClientRegistryException.class,
                    () -> reaper().build().reap(UNUSED_FOR));

            assertThat(thrown).isNotInstanceOf(ClientRegistryUnavailableException.class)
                    .hasMessageContaining("stopped after deleting 0").hasCause(error);
            assertThat(events).containsExactly(new StoreFailed(clock.instant(), "reap", false));
            assertThat(registry.count()).isEqualTo(2);
        }

        @Test
        @DisplayName("a programming error of the store is thrown as it is, after publishing what was deleted")
        void programmingError() {
            register(3);
            clock.advance(UNUSED_FOR.plusDays(1));
            IllegalStateException bug = new IllegalStateException("bug");
            registry.failOnCall(2, () -> bug);

            assertThatThrownBy(() -> reaper().batchSize(2).build().reap(UNUSED_FOR)).isSameAs(bug);
            assertThat(events).containsExactly(new ClientsReaped(clock.instant(), clock.instant().minus(UNUSED_FOR), 2));
        }
    }

    @Test
    @DisplayName("a throwing listener neither fails the reaping nor keeps the next listener from the event")
    void throwingListener() {
        register(2);
        clock.advance(UNUSED_FOR.plusDays(1));
        ClientReaper reaper = ClientReaper.builder(registry).clock(clock).listeners(List.of(event -> {
            throw new IllegalStateException("listener bug");
        }, events::add)).build();

        assertThat(reaper.reap(UNUSED_FOR).count()).isEqualTo(2);
        assertThat(registry.count()).isZero();
        assertThat(events).hasSize(1).first().isInstanceOf(ClientsReaped.class);
    }

    @Test
    @DisplayName("refuses a period that is not positive, and batch settings below 1")
    void arguments() {
        ClientReaper reaper = reaper().build();
        assertThatThrownBy(() -> reaper.reap(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reaper.reap(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientReaper.builder(registry).batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientReaper.builder(registry).maxBatches(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(events).isEmpty();
    }

    /**
     * The in-memory registry, recording each {@code deleteUnusedSince} (limit asked, count
     * deleted) and failing on cue: the only way to make a store fail part-way in core.
     */
    private static final class RecordingRegistry extends ForwardingClientRegistry {
        final List<Integer> calls = new ArrayList<>();
        final List<Integer> deleted = new ArrayList<>();
        Runnable afterDelete = () -> { };
        private int failingCall;
        private Supplier<RuntimeException> failure;

        RecordingRegistry() {
            super(new InMemoryClientRegistry());
        }

        void failOnCall(int call, Supplier<RuntimeException> failure) {
            this.failingCall = calls.size() + call;
            this.failure = failure;
        }

        @Override
        public int deleteUnusedSince(Instant cutoff, int limit) {
            calls.add(limit);
            if (calls.size() == failingCall) {
                throw failure.get();
            }
            int n = delegate.deleteUnusedSince(cutoff, limit);
            deleted.add(n);
            afterDelete.run();
            return n;
        }
    }
}
