package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientSort;
import dev.mcpoauth.core.registry.DuplicateClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ClientRegistry} must have. A store proves itself with a tiny
 * subclass that only supplies {@link #registry()}, in the manner of Micrometer's
 * {@code MeterRegistryCompatibilityKit}.
 *
 * <p>Tests build their own clients with random ids and never assume an empty backend, so a
 * store may share one database or key space across tests and runs. Stores must keep
 * timestamps to at least millisecond precision. Backend failure is covered separately by
 * {@link ClientRegistryOutageContract}, which a store's subclass adds as a {@code @Nested} class.
 *
 * <p>The tests are methods of this class, not {@code @Nested} groups (the group leads each
 * display name instead: "replace: …"), so that they report under the store's own test class:
 * a nested class declared here would be one class for every store, and the XML reports of two
 * stores run in one module would overwrite each other. For the same reason a store declares its
 * {@code @Nested} outage class in each concrete test class, not in a parent shared by several.
 */
public abstract class ClientRegistryContract {

    private static final int CONTENDERS = 16;

    private ClientRegistry registry;

    /** The registry under test. Called once before each test; may return a shared instance. */
    protected abstract ClientRegistry registry();

    /** Releases what {@link #registry()} opened for one test; nothing by default. */
    protected void closeRegistry(ClientRegistry registry) {
    }

    @BeforeEach
    void openRegistry() {
        registry = registry();
    }

    @AfterEach
    void releaseRegistry() {
        closeRegistry(registry);
    }

    @Test
    @DisplayName("create and findById: a public client round-trips unchanged")
    void publicClientRoundTrips() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        assertThat(registry.findById(client.clientId())).contains(client);
    }

    @Test
    @DisplayName("create and findById: a confidential client round-trips with its secret hash and expiry")
    void confidentialClientRoundTrips() {
        RegisteredClient client = TestClients.confidentialClient().build();
        registry.create(client);
        RegisteredClient found = registry.findById(client.clientId()).orElseThrow();
        assertThat(found).isEqualTo(client);
        assertThat(found.clientSecretHash()).isEqualTo(client.clientSecretHash());
        assertThat(found.clientSecretExpiresAt()).isEqualTo(client.clientSecretExpiresAt());
    }

    @Test
    @DisplayName("create and findById: every field round-trips at its limits: unicode, maximum lengths,"
            + " language tags, nested JWK Set")
    void everyFieldRoundTrips() {
        RegisteredClient client = TestClients.fullyPopulatedClient().build();
        registry.create(client);
        RegisteredClient found = registry.findById(client.clientId()).orElseThrow();
        assertThat(found.metadata().toMap()).isEqualTo(client.metadata().toMap());
        assertThat(found.metadata().redirectUris()).containsExactlyElementsOf(client.metadata().redirectUris());
        assertThat(found.metadata().localizedValues()).isEqualTo(client.metadata().localizedValues());
        assertThat(found.metadata().jwks()).isEqualTo(client.metadata().jwks());
        assertThat(found.lastUsedAt()).isEqualTo(client.lastUsedAt());
        assertThat(found.createdAt()).isEqualTo(client.createdAt());
        assertThat(found.updatedAt()).isEqualTo(client.updatedAt());
        assertThat(found.version()).isEqualTo(client.version());
        assertThat(found).isEqualTo(client);
    }

    @Test
    @DisplayName("create and findById: an empty contacts list stays empty and an absent one stays absent")
    void emptyAndAbsentListsStayApart() {
        RegisteredClient withEmpty = TestClients.publicClient()
                .metadata(TestClients.publicClient().build().metadata().toBuilder()
                        .contacts(Optional.of(List.of())).build())
                .build();
        RegisteredClient withAbsent = TestClients.publicClient().build();
        registry.create(withEmpty);
        registry.create(withAbsent);
        assertThat(registry.findById(withEmpty.clientId()).orElseThrow().metadata().contacts())
                .contains(List.of());
        assertThat(registry.findById(withAbsent.clientId()).orElseThrow().metadata().contacts())
                .isEmpty();
    }

    @Test
    @DisplayName("create and findById: absent optional members stay absent, never empty strings")
    void absentMembersStayAbsent() {
        RegisteredClient client = RegisteredClient.builder()
                .clientId(TestClients.randomClientId())
                .clientIdIssuedAt(TestClients.now())
                .metadata(ClientMetadata.builder()
                        .redirectUris(List.of("http://127.0.0.1/cb"))
                        .applicationType("native")
                        .build())
                .createdAt(TestClients.now())
                .version(1)
                .build();
        registry.create(client);
        RegisteredClient found = registry.findById(client.clientId()).orElseThrow();
        assertThat(found).isEqualTo(client);
        assertThat(found.metadata().toMap()).containsOnlyKeys("redirect_uris",
                "token_endpoint_auth_method", "grant_types", "response_types", "application_type");
        assertThat(found.clientSecretHash()).isEmpty();
        assertThat(found.registrationAccessTokenHash()).isEmpty();
        assertThat(found.lastUsedAt()).isEmpty();
    }

    @Test
    @DisplayName("create and findById: findById of an unknown id is empty")
    void unknownIdIsEmpty() {
        assertThat(registry.findById(TestClients.randomClientId())).isEmpty();
    }

    @Test
    @DisplayName("create and findById: create with an existing id fails and leaves the stored client untouched")
    void createNeverOverwrites() {
        RegisteredClient original = TestClients.publicClient().build();
        registry.create(original);
        RegisteredClient impostor = TestClients.confidentialClient().clientId(original.clientId()).build();

        assertThatThrownBy(() -> registry.create(impostor)).isInstanceOf(DuplicateClientException.class);
        assertThat(registry.findById(original.clientId())).contains(original);
    }

    @Test
    @DisplayName("create and findById: 16 threads creating one id: exactly one wins, the others get the"
            + " duplicate error")
    void concurrentCreatesHaveOneWinner() throws Exception {
        String clientId = TestClients.randomClientId();
        List<RegisteredClient> candidates = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            candidates.add(TestClients.publicClient().clientId(clientId)
                    .metadata(TestClients.publicClient().build().metadata().toBuilder()
                            .clientName("contender " + i).build())
                    .build());
        }
        List<Outcome> outcomes = race(candidates.size(), i -> () -> {
            registry.create(candidates.get(i));
            return candidates.get(i);
        });

        List<RegisteredClient> winners = outcomes.stream().filter(Outcome::succeeded)
                .map(o -> (RegisteredClient) o.value()).toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .hasSize(CONTENDERS - 1)
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(DuplicateClientException.class));
        assertThat(registry.findById(clientId)).contains(winners.get(0));
    }

    @Test
    @DisplayName("replace: with the stored version it stores the new value")
    void replaceWithCurrentVersion() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        RegisteredClient updated = client.toBuilder()
                .metadata(client.metadata().toBuilder().clientName("renamed \u2603").build())
                .updatedAt(TestClients.now().plusSeconds(5))
                .registrationAccessTokenHash(Optional.of(TestClients.randomHash()))
                .version(client.version() + 1)
                .build();

        assertThat(registry.replace(updated, client.version())).isTrue();
        assertThat(registry.findById(client.clientId())).contains(updated);
    }

    @Test
    @DisplayName("replace: with a stale version it returns false and changes nothing")
    void replaceWithStaleVersion() {
        RegisteredClient client = TestClients.publicClient().version(3).build();
        registry.create(client);
        RegisteredClient updated = client.toBuilder().version(5).build();

        assertThat(registry.replace(updated, 2)).isFalse();
        assertThat(registry.findById(client.clientId())).contains(client);
    }

    @Test
    @DisplayName("replace: of a client that does not exist returns false and creates nothing")
    void replaceOfMissingClient() {
        RegisteredClient ghost = TestClients.publicClient().build();
        assertThat(registry.replace(ghost, ghost.version())).isFalse();
        assertThat(registry.findById(ghost.clientId())).isEmpty();
    }

    @Test
    @DisplayName("replace: 16 concurrent replaces from one version: exactly one wins")
    void concurrentReplacesHaveOneWinner() throws Exception {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        List<RegisteredClient> candidates = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            candidates.add(client.toBuilder()
                    .metadata(client.metadata().toBuilder().clientName("writer " + i).build())
                    .version(client.version() + 1)
                    .build());
        }
        List<Outcome> outcomes = race(CONTENDERS,
                i -> () -> registry.replace(candidates.get(i), client.version()) ? candidates.get(i) : null);

        List<Object> winners = outcomes.stream().map(Outcome::value).filter(v -> v != null).toList();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(winners).hasSize(1);
        assertThat(registry.findById(client.clientId())).contains((RegisteredClient) winners.get(0));
    }

    @Test
    @DisplayName("delete: removes the client and says so; a second delete says nothing was there")
    void deleteRemoves() {
        RegisteredClient client = TestClients.confidentialClient().build();
        registry.create(client);

        assertThat(registry.delete(client.clientId())).isTrue();
        assertThat(registry.findById(client.clientId())).isEmpty();
        assertThat(registry.delete(client.clientId())).isFalse();
    }

    @Test
    @DisplayName("delete: of an unknown id returns false and leaves other clients alone")
    void deleteUnknown() {
        RegisteredClient bystander = TestClients.publicClient().build();
        registry.create(bystander);
        assertThat(registry.delete(TestClients.randomClientId())).isFalse();
        assertThat(registry.findById(bystander.clientId())).contains(bystander);
    }

    @Test
    @DisplayName("delete: frees the id: a new client may be created with it")
    void deleteFreesId() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        registry.delete(client.clientId());
        RegisteredClient again = TestClients.confidentialClient().clientId(client.clientId()).build();
        registry.create(again);
        assertThat(registry.findById(client.clientId())).contains(again);
    }

    @Test
    @DisplayName("touch: records the last use and changes nothing else, not even the version")
    void touchRecordsLastUse() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        Instant when = TestClients.now().plus(1, ChronoUnit.HOURS);

        registry.touch(client.clientId(), when);

        RegisteredClient found = registry.findById(client.clientId()).orElseThrow();
        assertThat(found.lastUsedAt()).contains(when);
        assertThat(found).isEqualTo(client.toBuilder().lastUsedAt(Optional.of(when)).build());
    }

    @Test
    @DisplayName("touch: of an unknown id does nothing and creates nothing")
    void touchUnknown() {
        String id = TestClients.randomClientId();
        registry.touch(id, TestClients.now());
        assertThat(registry.findById(id)).isEmpty();
    }

    @Test
    @DisplayName("touch: does not make a concurrent replace lose: the version still guards the update")
    void touchKeepsVersion() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        registry.touch(client.clientId(), TestClients.now());
        RegisteredClient updated = client.toBuilder().version(client.version() + 1).build();
        assertThat(registry.replace(updated, client.version())).isTrue();
    }

    private Instant era() {
        // a random second in 1971-1999, so runs sharing a backend do not reap each other's clients
        long seconds = ThreadLocalRandom.current().nextLong(31_536_000L, 946_684_800L - 86_400L);
        return Instant.ofEpochSecond(seconds).plusMillis(123);
    }

    @Test
    @DisplayName("deleteUnusedSince (reaping): deletes clients last used, or issued and never used, before the"
            + " cutoff; keeps the rest")
    void reapsOnlyUnusedClients() {
        Instant era = era();
        RegisteredClient neverUsedOld = TestClients.publicClient().clientIdIssuedAt(era).createdAt(era).build();
        RegisteredClient usedOld = TestClients.publicClient().clientIdIssuedAt(era).createdAt(era)
                .lastUsedAt(Optional.of(era.plusSeconds(10))).build();
        RegisteredClient issuedOldUsedRecently = TestClients.publicClient().clientIdIssuedAt(era).createdAt(era)
                .lastUsedAt(Optional.of(era.plusSeconds(3_600))).build();
        RegisteredClient issuedAfterCutoff = TestClients.publicClient()
                .clientIdIssuedAt(era.plusSeconds(3_600)).createdAt(era.plusSeconds(3_600)).build();
        List.of(neverUsedOld, usedOld, issuedOldUsedRecently, issuedAfterCutoff).forEach(registry::create);

        int reaped = registry.deleteUnusedSince(era.plusSeconds(60), 1_000);

        assertThat(reaped).isGreaterThanOrEqualTo(2);
        assertThat(registry.findById(neverUsedOld.clientId())).isEmpty();
        assertThat(registry.findById(usedOld.clientId())).isEmpty();
        assertThat(registry.findById(issuedOldUsedRecently.clientId())).contains(issuedOldUsedRecently);
        assertThat(registry.findById(issuedAfterCutoff.clientId())).contains(issuedAfterCutoff);
        registry.delete(issuedOldUsedRecently.clientId());
        registry.delete(issuedAfterCutoff.clientId());
    }

    @Test
    @DisplayName("deleteUnusedSince (reaping): a touch rescues a client from reaping")
    void touchRescues() {
        Instant era = era();
        RegisteredClient client = TestClients.publicClient().clientIdIssuedAt(era).createdAt(era).build();
        registry.create(client);
        registry.touch(client.clientId(), era.plusSeconds(7_200));

        registry.deleteUnusedSince(era.plusSeconds(60), 1_000);

        assertThat(registry.findById(client.clientId())).isPresent();
        registry.delete(client.clientId());
    }

    @Test
    @DisplayName("deleteUnusedSince (reaping): deletes no more than the limit")
    void respectsLimit() {
        Instant era = era();
        List<RegisteredClient> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RegisteredClient c = TestClients.publicClient().clientIdIssuedAt(era).createdAt(era).build();
            registry.create(c);
            old.add(c);
        }
        long before = registry.count();

        int reaped = registry.deleteUnusedSince(era.plusSeconds(60), 1);

        assertThat(reaped).isEqualTo(1);
        assertThat(registry.count()).isEqualTo(before - 1);
        assertThat(registry.deleteUnusedSince(era.plusSeconds(60), 1_000)).isGreaterThanOrEqualTo(2);
        assertThat(old).allSatisfy(c -> assertThat(registry.findById(c.clientId())).isEmpty());
    }

    @Test
    @DisplayName("count: goes up by one on create and down by one on delete")
    void countFollowsCreateAndDelete() {
        long before = registry.count();
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        assertThat(registry.count()).isEqualTo(before + 1);
        registry.delete(client.clientId());
        assertThat(registry.count()).isEqualTo(before);
    }

    @Test
    @DisplayName("count: does not change on a failed duplicate create")
    void countIgnoresDuplicates() {
        RegisteredClient client = TestClients.publicClient().build();
        registry.create(client);
        long before = registry.count();
        assertThatThrownBy(() -> registry.create(client)).isInstanceOf(DuplicateClientException.class);
        assertThat(registry.count()).isEqualTo(before);
    }


    /** Tags the clients of one test, so that shared backends' other clients never match. */
    private final String listingTag = "listing-" + TestClients.randomClientId();
    /**
     * A random second in 2001-2029, far from the eras the reaping tests use; whole, since a
     * never-used client's last activity is its issue time, which has whole seconds.
     */
    private final Instant listingEra = Instant.ofEpochSecond(
            ThreadLocalRandom.current().nextLong(978_307_200L, 1_861_920_000L));
    private final List<String> listed = new ArrayList<>();

    @AfterEach
    void deleteListedClients() throws Exception {
        List<String> ids = new ArrayList<>(listed);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int chunk = Math.max(1, (ids.size() + 7) / 8);
            for (int from = 0; from < ids.size(); from += chunk) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + chunk));
                parts.add(pool.submit(() -> part.forEach(registry::delete)));
            }
            for (Future<?> part : parts) {
                part.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private RegisteredClient listedClient(String name, Instant createdAt, Optional<Instant> lastUsed) {
        RegisteredClient.Builder builder = TestClients.publicClient()
                .clientIdIssuedAt(createdAt)
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .lastUsedAt(lastUsed);
        RegisteredClient client = builder.metadata(builder.build().metadata().toBuilder()
                .clientName(name)
                .softwareId(Optional.of(listingTag))
                .build()).build();
        registry.create(client);
        listed.add(client.clientId());
        return client;
    }

    private ClientQuery.Builder ours() {
        return ClientQuery.builder()
                .softwareId(Optional.of(listingTag))
                .created(Optional.of(listingEra), Optional.of(listingEra.plus(1, ChronoUnit.DAYS)));
    }

    /** Every page of the query, cursor after cursor. */
    private List<RegisteredClient> allPages(ClientQuery.Builder query) {
        List<RegisteredClient> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 100_000; pages++) {
            ClientPage page = registry.list(query.cursor(cursor).build());
            assertThat(page.clients().size()).isLessThanOrEqualTo(query.build().limit());
            seen.addAll(page.clients());
            cursor = page.nextCursor();
            if (cursor.isEmpty()) {
                return seen;
            }
        }
        throw new AssertionError("the listing did not end after 100,000 pages");
    }

    private List<String> listedIds(List<RegisteredClient> clients) {
        return clients.stream().map(RegisteredClient::clientId).toList();
    }

    @Test
    @DisplayName("list: returns full clients, equal to what findById returns, and only those matching every filter")
    void filtersCombine() {
        RegisteredClient cursor = listedClient("Cursor", listingEra.plusSeconds(10), Optional.empty());
        RegisteredClient cursorNightly = listedClient("Cursor Nightly", listingEra.plusSeconds(20), Optional.of(listingEra.plusSeconds(500)));
        RegisteredClient claude = listedClient("Claude Code", listingEra.plusSeconds(30), Optional.empty());
        RegisteredClient lowerCase = listedClient("cursor (fork)", listingEra.plusSeconds(40), Optional.empty());

        assertThat(allPages(ours())).containsExactly(cursor, cursorNightly, claude, lowerCase);
        assertThat(listedIds(allPages(ours().clientNamePrefix(Optional.of("Cursor")))))
                .as("the name prefix is case-sensitive").containsExactly(cursor.clientId(), cursorNightly.clientId());
        assertThat(listedIds(allPages(ours().created(Optional.of(listingEra.plusSeconds(20)), Optional.of(listingEra.plusSeconds(40))))))
                .as("created range is [from, before)").containsExactly(cursorNightly.clientId(), claude.clientId());
        assertThat(listedIds(allPages(ours().lastActive(Optional.of(listingEra.plusSeconds(100)), Optional.empty()))))
                .as("last activity is the last use, or the issue time when never used")
                .containsExactly(cursorNightly.clientId());
        assertThat(listedIds(allPages(ours().lastActive(Optional.empty(), Optional.of(listingEra.plusSeconds(30))))))
                .containsExactly(cursor.clientId());
        assertThat(allPages(ours().softwareId(Optional.of(listingTag + "-other")))).isEmpty();
    }

    @Test
    @DisplayName("list: sorts by creation or last activity, either way, ties broken by client id in the same direction")
    void sorts() {
        List<RegisteredClient> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // groups of three share a creation instant; last activity runs the other way
            Instant createdAt = listingEra.plusMillis(i / 3);
            clients.add(listedClient("Sorted " + i, createdAt, Optional.of(listingEra.plusSeconds(3_600 - i / 2))));
        }
        for (ClientSort sort : ClientSort.values()) {
            for (boolean descending : new boolean[] {false, true}) {
                ClientQuery query = ours().sort(sort, descending).build();
                List<RegisteredClient> expected = clients.stream().sorted(query.clientOrder()).toList();
                assertThat(listedIds(allPages(ours().sort(sort, descending).limit(5))))
                        .as("%s %s", sort, descending ? "descending" : "ascending")
                        .containsExactlyElementsOf(listedIds(expected));
            }
        }
        Comparator<String> byBytes = (a, b) -> Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        List<String> firstTies = listedIds(allPages(ours().limit(1))).subList(0, 3);
        assertThat(firstTies).isSortedAccordingTo(byBytes);
    }

    @Test
    @DisplayName("list: pages of any size visit each client once, in the same order as a single page")
    void pagesAreStable() {
        for (int i = 0; i < 25; i++) {
            listedClient("Paged " + i, listingEra.plusMillis(i % 7), Optional.empty());
        }
        List<String> onePage = listedIds(allPages(ours().limit(ClientQuery.MAX_LIMIT)));
        assertThat(onePage).hasSize(25).doesNotHaveDuplicates();
        for (int limit : new int[] {1, 2, 7, 24, 25}) {
            assertThat(listedIds(allPages(ours().limit(limit)))).as("limit %s", limit).containsExactlyElementsOf(onePage);
        }
        assertThat(listedIds(allPages(ours().limit(4)))).as("the same listing twice").containsExactlyElementsOf(onePage);
    }

    @Test
    @DisplayName("list: a cursor of another order is refused")
    void cursorOfAnotherOrder() {
        listedClient("A", listingEra, Optional.empty());
        listedClient("B", listingEra.plusSeconds(1), Optional.empty());
        String cursor = registry.list(ours().limit(1).build()).nextCursor().orElseThrow();
        assertThatThrownBy(() -> ours().sort(ClientSort.LAST_ACTIVITY, false).cursor(Optional.of(cursor)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ours().cursor(Optional.of("not-a-cursor")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("list: paging through 10,000 clients visits each exactly once while others are created and deleted")
    void pagingUnderConcurrentChange() throws Exception {
        int size = 10_000;
        List<RegisteredClient> stable = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // many share an instant, so the id tie-break is exercised at page boundaries
            Instant createdAt = listingEra.plusMillis(i / 4);
            RegisteredClient.Builder builder = TestClients.publicClient()
                    .clientIdIssuedAt(createdAt).createdAt(createdAt).updatedAt(createdAt);
            stable.add(builder.metadata(builder.build().metadata().toBuilder()
                    .clientName("Stable " + i).softwareId(Optional.of(listingTag)).build()).build());
        }
        parallel(stable, client -> registry.create(client));
        stable.forEach(client -> listed.add(client.clientId()));

        AtomicBoolean done = new AtomicBoolean();
        List<String> churned = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService churn = Executors.newFixedThreadPool(2);
        List<Future<Integer>> churners = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            churners.add(churn.submit(() -> {
                int changes = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // bounded, so a fast store is not flooded while the listing pages through
                while ((!done.get() || changes < 50) && changes < 1_000) {
                    Instant createdAt = listingEra.plusMillis(random.nextLong(size / 4 + 1));
                    RegisteredClient.Builder builder = TestClients.publicClient()
                            .clientIdIssuedAt(createdAt).createdAt(createdAt).updatedAt(createdAt);
                    RegisteredClient extra = builder.metadata(builder.build().metadata().toBuilder()
                            .clientName("Churn").softwareId(Optional.of(listingTag)).build()).build();
                    registry.create(extra);
                    churned.add(extra.clientId());
                    if (random.nextBoolean()) {
                        registry.delete(extra.clientId());
                    }
                    changes++;
                }
                return changes;
            }));
        }
        List<String> seen;
        try {
            seen = listedIds(allPages(ours().limit(250)));
        } finally {
            done.set(true);
            for (Future<Integer> churner : churners) {
                assertThat(churner.get(120, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(50);
            }
            churn.shutdownNow();
            listed.addAll(churned);
        }

        Set<String> seenIds = new HashSet<>(seen);
        assertThat(seenIds).as("clients listed twice").hasSameSizeAs(seen);
        assertThat(stable.stream().map(RegisteredClient::clientId).filter(id -> !seenIds.contains(id)).toList())
                .as("clients present throughout but not listed").isEmpty();
        Set<String> known = new HashSet<>(listed);
        assertThat(seen.stream().filter(id -> !known.contains(id)).toList())
                .as("listed ids that were never created").isEmpty();
    }

    private void parallel(List<RegisteredClient> clients, java.util.function.Consumer<RegisteredClient> action)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = (clients.size() + 7) / 8;
            for (int from = 0; from < clients.size(); from += chunk) {
                List<RegisteredClient> part = clients.subList(from, Math.min(clients.size(), from + chunk));
                futures.add(pool.submit(() -> part.forEach(action)));
            }
            for (Future<?> future : futures) {
                future.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }


    /** What one contender of a race got: a value or an exception. */
    record Outcome(Object value, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** Runs {@code n} tasks released at the same instant and collects every outcome. */
    static List<Outcome> race(int n, java.util.function.IntFunction<Callable<Object>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Object> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return body.call();
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                try {
                    outcomes.add(new Outcome(f.get(60, TimeUnit.SECONDS), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(new Outcome(null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
