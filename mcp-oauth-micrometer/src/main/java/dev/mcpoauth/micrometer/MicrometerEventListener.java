package dev.mcpoauth.micrometer;

import dev.mcpoauth.core.event.ClientDeleted;
import dev.mcpoauth.core.event.ClientRead;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.ClientUpdated;
import dev.mcpoauth.core.event.ClientsReaped;
import dev.mcpoauth.core.event.ManagementRefused;
import dev.mcpoauth.core.event.MetadataDocumentRefused;
import dev.mcpoauth.core.event.MetadataDocumentResolved;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.RegistrationRateLimited;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.event.StoreFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Counts what the core's events report (DESIGN §11):
 *
 * <ul>
 *   <li>{@value MeterNames#REGISTRATIONS}: {@code outcome} = {@code registered}, {@code refused},
 *       {@code rate_limited} or {@code failed}; {@code error} = the RFC error code of a refusal,
 *       {@code store_unavailable} or {@code store_error} of a failure, else {@code none};</li>
 *   <li>{@value MeterNames#MANAGEMENT}: {@code operation} = {@code read}, {@code update},
 *       {@code delete}; {@code outcome} = {@code success}, the RFC error code of a refusal, or
 *       {@code store_unavailable} / {@code store_error};</li>
 *   <li>{@value MeterNames#CIMD_RESOLUTIONS}: {@code outcome} = {@code resolved} or the refusal
 *       reason; {@code cache} = {@code hit}, {@code miss}, or {@code none} for a refusal;</li>
 *   <li>{@value MeterNames#CLIENTS_REAPED}: increased by each reaping's count.</li>
 * </ul>
 *
 * <p>Error codes and reasons are the core's fixed words; anything else (which would only come
 * from a listener fed by other code) is counted as {@code other}, so tags stay few.
 * Register it with the services ({@code RegistrationService.builder(…).listeners(List.of(listener))}).
 */
public final class MicrometerEventListener implements RegistrationEventListener {

    private static final Pattern WORD = Pattern.compile("[a-z_]{1,40}");

    private final MeterRegistry meters;
    /** Counters by name and tag values, looked up once: an event should not pay a registry lookup. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MicrometerEventListener(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public void onEvent(RegistrationEvent event) {
        if (event instanceof ClientRegistered) {
            registration("registered", MeterNames.NONE);
        } else if (event instanceof RegistrationRefused refused) {
            registration("refused", word(refused.error()));
        } else if (event instanceof RegistrationRateLimited) {
            registration("rate_limited", "too_many_requests");
        } else if (event instanceof StoreFailed failed) {
            String failure = failed.unavailable() ? "store_unavailable" : "store_error";
            if (failed.operation().equals("register")) {
                registration("failed", failure);
            } else {
                management(word(failed.operation()), failure);
            }
        } else if (event instanceof ClientRead) {
            management("read", "success");
        } else if (event instanceof ClientUpdated) {
            management("update", "success");
        } else if (event instanceof ClientDeleted) {
            management("delete", "success");
        } else if (event instanceof ManagementRefused refused) {
            management(refused.operation().name().toLowerCase(Locale.ROOT), word(refused.error()));
        } else if (event instanceof MetadataDocumentResolved resolved) {
            cimd("resolved", resolved.cached() ? "hit" : "miss");
        } else if (event instanceof MetadataDocumentRefused refused) {
            cimd(word(refused.reason()), MeterNames.NONE);
        } else if (event instanceof ClientsReaped reaped) {
            meters.counter(MeterNames.CLIENTS_REAPED).increment(reaped.count());
        }
    }

    private void registration(String outcome, String error) {
        count(MeterNames.REGISTRATIONS, "Dynamic client registration attempts (RFC 7591)",
                MeterNames.OUTCOME, outcome, MeterNames.ERROR, error);
    }

    private void management(String operation, String outcome) {
        count(MeterNames.MANAGEMENT, "Client configuration requests (RFC 7592)",
                MeterNames.OPERATION, operation, MeterNames.OUTCOME, outcome);
    }

    private void cimd(String outcome, String cache) {
        count(MeterNames.CIMD_RESOLUTIONS, "Client ID Metadata Document resolutions",
                MeterNames.OUTCOME, outcome, MeterNames.CACHE, cache);
    }

    private void count(String name, String description, String tag1, String value1, String tag2, String value2) {
        counters.computeIfAbsent(name + ' ' + value1 + ' ' + value2, key -> Counter.builder(name)
                .description(description)
                .tag(tag1, value1)
                .tag(tag2, value2)
                .register(meters)).increment();
    }

    /** A tag value from a fixed vocabulary; anything unexpected collapses to one value. */
    private static String word(String value) {
        return WORD.matcher(value).matches() ? value : "other";
    }
}
