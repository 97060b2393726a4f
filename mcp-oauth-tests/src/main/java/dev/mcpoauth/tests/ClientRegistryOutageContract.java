package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a store does when its backend goes away and comes back. A store's contract test adds it
 * as {@code @Nested class BackendOutage extends ClientRegistryOutageContract}, supplying the
 * backend's address and a registry that connects through a given address instead. The kit puts
 * a {@link TcpProxy} in between and cuts it.
 *
 * <p>Registries built here should use short connect and statement timeouts (a few seconds), so
 * an outage is reported quickly; every operation must finish within {@link #OPERATION_BOUND}.
 */
public abstract class ClientRegistryOutageContract {

    /** The longest any single operation may take while the backend is cut. */
    protected static final Duration OPERATION_BOUND = Duration.ofSeconds(30);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /**
     * Long enough for a connection pool's reconnection back-off to grow past a caller's wait
     * (HikariCP's grows from 10 ms to 5 s within about 5 s of failures), yet short for a test.
     */
    private static final Duration LONG_OUTAGE = Duration.ofSeconds(7);

    private TcpProxy proxy;
    private ClientRegistry registry;

    /** Where the real backend listens. */
    protected abstract InetSocketAddress backendAddress();

    /** A registry on the same backend whose connections go to {@code proxyAddress} instead. */
    protected abstract ClientRegistry registryThrough(InetSocketAddress proxyAddress);

    /** Releases the registry built by {@link #registryThrough}; nothing by default. */
    protected void closeRegistry(ClientRegistry registry) {
    }

    @BeforeEach
    void startProxy() {
        proxy = TcpProxy.start(backendAddress());
        registry = registryThrough(proxy.address());
    }

    @AfterEach
    void stopProxy() {
        try {
            closeRegistry(registry);
        } finally {
            proxy.close();
        }
    }

    @Test
    @DisplayName("while the connection is cut, every operation reports the backend unavailable, never 'not found'")
    void everyOperationReportsUnavailable() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        assertThat(registry.findById(client.clientId())).contains(client);

        proxy.cut();

        assertUnavailable(() -> registry.findById(client.clientId()));
        assertUnavailable(() -> registry.create(TestClients.publicClient().build()));
        assertUnavailable(() -> registry.replace(client.toBuilder().version(client.version() + 1).build(),
                client.version()));
        assertUnavailable(() -> registry.delete(client.clientId()));
        assertUnavailable(() -> registry.touch(client.clientId(), Instant.now()));
        assertUnavailable(() -> registry.deleteUnusedSince(Instant.EPOCH.plusSeconds(1), 1));
        assertUnavailable(() -> registry.count());
    }

    @Test
    @DisplayName("a write attempted during the outage leaves no partial client behind")
    void noPartialWrite() {
        RegisteredClient existing = TestClients.confidentialClient().build();
        registry.create(existing);
        RegisteredClient attempted = TestClients.fullyPopulatedClient().build();
        RegisteredClient replacement = existing.toBuilder()
                .metadata(existing.metadata().toBuilder().clientName("during outage").build())
                .version(existing.version() + 1).build();

        proxy.cut();
        assertUnavailable(() -> registry.create(attempted));
        assertUnavailable(() -> registry.replace(replacement, existing.version()));
        proxy.restore();

        Optional<RegisteredClient> afterCreate = eventually(() -> registry.findById(attempted.clientId()));
        assertThat(afterCreate).satisfiesAnyOf(
                found -> assertThat(found).isEmpty(),
                found -> assertThat(found).contains(attempted));
        // through eventually too: whether the pool still hands out a connection from before the cut
        // (and fails once) is the pool's timing, not the write this test is about
        assertThat(eventually(() -> registry.findById(existing.clientId()))).hasValueSatisfying(found ->
                assertThat(found).isIn(existing, replacement));
    }

    @Test
    @DisplayName("after the connection is restored, the same registry works again without a restart")
    void recoversAfterRestore() {
        RegisteredClient before = TestClients.publicClient().build();
        registry.create(before);
        proxy.cut();
        assertUnavailable(() -> registry.findById(before.clientId()));

        proxy.restore();

        assertThat(eventually(() -> registry.findById(before.clientId()))).contains(before);
        RegisteredClient after = TestClients.confidentialClient().build();
        registry.create(after);
        assertThat(registry.findById(after.clientId())).contains(after);
        assertThat(registry.delete(before.clientId())).isTrue();
        assertThat(registry.delete(after.clientId())).isTrue();
    }

    @Test
    @DisplayName("after a long outage with callers retrying all along, the very first read once restored succeeds")
    void firstReadAfterLongOutageSucceeds() {
        RegisteredClient before = TestClients.publicClient().build();
        registry.create(before);

        longOutage(() -> registry.findById(before.clientId()));

        // no retry here: the first caller after the backend is back must not get an error
        assertThat(registry.findById(before.clientId())).as("the first read after the outage").contains(before);
        assertThat(registry.delete(before.clientId())).isTrue();
    }

    @Test
    @DisplayName("after a long outage with callers retrying all along, the very first write once restored succeeds")
    void firstWriteAfterLongOutageSucceeds() {
        longOutage(() -> registry.create(TestClients.publicClient().build()));

        RegisteredClient after = TestClients.confidentialClient().build();
        registry.create(after);
        assertThat(registry.findById(after.clientId())).contains(after);
        assertThat(registry.delete(after.clientId())).isTrue();
    }

    /**
     * Cuts the backend for {@link #LONG_OUTAGE} while {@code operation} is tried over and over
     * (each attempt must report the backend unavailable), then restores it.
     */
    private void longOutage(ThrowingCallable operation) {
        proxy.cut();
        long end = System.nanoTime() + LONG_OUTAGE.toNanos();
        do {
            assertUnavailable(operation);
        } while (System.nanoTime() < end);
        proxy.restore();
    }

    private void assertUnavailable(ThrowingCallable operation) {
        assertTimeoutPreemptively(OPERATION_BOUND, () -> {
            assertThatThrownBy(operation).isInstanceOf(ClientRegistryUnavailableException.class);
        }, "an operation on a cut backend must fail within " + OPERATION_BOUND);
    }

    /**
     * Waits until an operation stops reporting the backend unavailable (a pool may need a moment
     * to notice its connections are back), within a bound; other failures fail at once.
     */
    private <T> T eventually(Supplier<T> operation) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (true) {
            try {
                return operation.get();
            } catch (ClientRegistryUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the registry did not recover within " + RECOVERY_BOUND, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
