package dev.mcpoauth.server;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientDeleted;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientSort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's use cases over a store (DESIGN §12), shared by the admin API and the CLI:
 * find, delete, count, reap and summarise clients. Deletions and reaping (the core's
 * {@link ClientReaper}) are published to the listeners as events.
 */
final class ClientAdministration {

    /** The most clients the statistics read, so a huge registry cannot make a request run for minutes. */
    static final int STATS_SCAN_LIMIT = 100_000;
    static final int STATS_DAYS = 30;
    static final int TOP = 10;

    private final ClientRegistry registry;
    private final EventPublisher events;
    private final ClientReaper reaper;
    private final Clock clock;

    ClientAdministration(ClientRegistry registry, List<RegistrationEventListener> listeners, Clock clock) {
        this.registry = registry;
        this.events = new EventPublisher(listeners);
        this.reaper = ClientReaper.builder(registry).clock(clock).listeners(listeners).build();
        this.clock = clock;
    }

    ClientPage list(ClientQuery query) {
        return registry.list(query);
    }

    Optional<RegisteredClient> find(String clientId) {
        return registry.findById(clientId);
    }

    /** Deletes the client; empty when there was none. */
    Optional<RegisteredClient> delete(String clientId) {
        Optional<RegisteredClient> client = registry.findById(clientId);
        if (client.isPresent() && registry.delete(clientId)) {
            events.publish(new ClientDeleted(clock.instant(), ClientSummary.of(client.get()), Optional.empty()));
            return client;
        }
        return Optional.empty();
    }

    long count() {
        return registry.count();
    }

    /**
     * Deletes the clients unused for {@code unusedFor}, in the core's bounded batches (at most
     * {@value ClientReaper#DEFAULT_BATCH_SIZE} × {@value ClientReaper#DEFAULT_MAX_BATCHES} per call).
     */
    ClientReaper.Reaping reap(Duration unusedFor) {
        return reaper.reap(unusedFor);
    }

    /** How many clients, registrations per day over the last 30 days, and the commonest names and software. */
    Map<String, Object> stats() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(STATS_DAYS - 1L);
        Map<LocalDate, Integer> perDay = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            perDay.put(day, 0);
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> software = new HashMap<>();
        ClientQuery.Builder query = ClientQuery.builder()
                .sort(ClientSort.CREATED, false)
                .limit(ClientQuery.MAX_LIMIT)
                .created(Optional.of(first.atStartOfDay(ZoneOffset.UTC).toInstant()),
                        Optional.of(now.plus(1, ChronoUnit.DAYS)));
        int scanned = 0;
        Optional<String> cursor = Optional.empty();
        do {
            ClientPage page = registry.list(query.cursor(cursor).build());
            for (RegisteredClient client : page.clients()) {
                perDay.computeIfPresent(LocalDate.ofInstant(client.createdAt(), ZoneOffset.UTC), (d, n) -> n + 1);
                client.metadata().clientName().ifPresent(name -> names.merge(name, 1, Integer::sum));
                client.metadata().softwareId().ifPresent(id -> software.merge(id, 1, Integer::sum));
            }
            scanned += page.clients().size();
            cursor = page.nextCursor();
        } while (cursor.isPresent() && scanned < STATS_SCAN_LIMIT);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("clients", registry.count());
        List<Map<String, Object>> days = new ArrayList<>();
        perDay.forEach((day, n) -> days.add(Map.of("date", day.toString(), "registrations", n)));
        stats.put("registrations_per_day", days);
        stats.put("top_client_names", top(names));
        stats.put("top_software_ids", top(software));
        stats.put("window_days", STATS_DAYS);
        stats.put("truncated", cursor.isPresent());
        return stats;
    }

    private static List<Map<String, Object>> top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> Map.<String, Object>of("value", e.getKey(), "clients", e.getValue()))
                .toList();
    }
}
