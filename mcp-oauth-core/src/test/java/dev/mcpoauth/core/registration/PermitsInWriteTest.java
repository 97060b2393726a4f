package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.RegistrationRateLimited;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.DuplicateClientException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistrationService} with a registry that takes the limiter's permit in its write (as
 * the Redis store does with its own limiter): one permit per attempt still, whatever ends it,
 * and a caller out of permits still hears 429, never 400, 403 or 201.
 */
@DisplayName("RegistrationService: the rate-limit permit taken in the registry's write")
class PermitsInWriteTest {

    static final Optional<String> NO_TOKEN = Optional.empty();
    static final Optional<String> ADDRESS = Optional.of("198.51.100.20");
    static final Map<String, Object> INVALID_BODY = body("redirect_uris", List.of("javascript:alert(1)"));

    final CountingLimiter limiter = new CountingLimiter(RateLimit.parse("2/1h"));
    final PermitTakingRegistry registry = new PermitTakingRegistry(limiter);
    final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();

    RegistrationService.Builder service(RegistrationPolicy policy) {
        return RegistrationService.builder(registry, policy).clock(CLOCK).rateLimiter(limiter)
                .listeners(List.of(events::add));
    }

    RegistrationService service() {
        return service(openPolicy().build()).build();
    }

    @Test
    @DisplayName("used when the registry takes the limiter's permits, unless the builder turns it off")
    void whenUsed() {
        assertThat(service().permitsInWrite()).isTrue();
        assertThat(service(openPolicy().build()).permitsInWrite(false).build().permitsInWrite()).isFalse();
        RegistrationRateLimiter other = new InMemoryRegistrationRateLimiter(RateLimit.parse("2/1h"), CLOCK);
        assertThat(RegistrationService.builder(registry, openPolicy().build()).rateLimiter(other).build()
                .permitsInWrite()).isFalse();
        assertThat(RegistrationService.builder(registry, openPolicy().build()).build().permitsInWrite()).isFalse();
        assertThat(RegistrationService.builder(new InMemoryClientRegistry(), openPolicy().build()).rateLimiter(limiter)
                .build().permitsInWrite()).isFalse();
    }

    @Test
    @DisplayName("admission takes nothing; the write takes the permit, and its decision is the admission's after register")
    void theWriteTakesThePermit() {
        RegistrationService service = service();
        RegistrationAdmission admission = service.admit(ADDRESS, NO_TOKEN);
        assertThat(admission.rateLimit()).isEmpty();
        assertThat(limiter.attempts.get()).isZero();

        service.register(admission, body());

        assertThat(registry.permitsTakenInWrites.get()).isEqualTo(1);
        assertThat(limiter.attempts.get()).isEqualTo(1);
        assertThat(admission.rateLimit().orElseThrow().remaining()).isEqualTo(1);
        assertThat(events).hasExactlyElementsOfTypes(ClientRegistered.class);
    }

    @Test
    @DisplayName("out of permits, the write stores nothing and the attempt is too_many_requests with its Retry-After")
    void refusedByTheWrite() {
        RegistrationService service = service();
        service.register(body(), NO_TOKEN, ADDRESS.get());
        service.register(body(), NO_TOKEN, ADDRESS.get());
        events.clear();

        RegistrationException refusal = catchThrowableOfType(RegistrationException.class,
                () -> service.register(body(), NO_TOKEN, ADDRESS.get()));

        assertThat(refusal.error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(refusal.rateLimit().orElseThrow().retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(registry.count()).isEqualTo(2);
        assertThat(events).hasExactlyElementsOfTypes(RegistrationRateLimited.class);
    }

    @Test
    @DisplayName("a refusal the limiter knows already is answered at admission, before any body")
    void knownRefusalsBeforeTheBody() {
        RegistrationService service = service();
        RateLimitDecision refusal = RateLimitDecision.fromArrivalTime(limiter.limit(), 0, 7_200_000_000L, false);
        limiter.known = Optional.of(refusal);

        RegistrationException e = catchThrowableOfType(RegistrationException.class, () -> service.admit(ADDRESS, NO_TOKEN));

        assertThat(e.error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(e.rateLimit()).contains(refusal);
        assertThat(limiter.attempts.get()).isZero();
        assertThat(events).hasExactlyElementsOfTypes(RegistrationRateLimited.class);
    }

    @Test
    @DisplayName("bad metadata ends the attempt before the write: it takes its permit on its own, and counts")
    void badMetadataCounts() {
        RegistrationService service = service();
        assertThatThrownBy(() -> service.register(INVALID_BODY, NO_TOKEN, ADDRESS.get()))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.INVALID_REDIRECT_URI);
        service.register(body(), NO_TOKEN, ADDRESS.get());

        assertThatThrownBy(() -> service.register(body(), NO_TOKEN, ADDRESS.get()))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(limiter.attempts.get()).isEqualTo(3);
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    @DisplayName("out of permits, bad metadata is too_many_requests, as it is when the permit comes first")
    void badMetadataOutOfPermits() {
        RegistrationService service = service();
        service.register(body(), NO_TOKEN, ADDRESS.get());
        service.register(body(), NO_TOKEN, ADDRESS.get());
        events.clear();

        assertThatThrownBy(() -> service.register(INVALID_BODY, NO_TOKEN, ADDRESS.get()))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(events).hasExactlyElementsOfTypes(RegistrationRateLimited.class);
    }

    @Test
    @DisplayName("the client cap ends the attempt before the write: 403 while permits last, then 429")
    void capCounts() {
        RegistrationService service = service(openPolicy().maxClients(1).build()).build();
        service.register(body(), NO_TOKEN, ADDRESS.get());

        assertThatThrownBy(() -> service.register(body(), NO_TOKEN, ADDRESS.get()))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.ACCESS_DENIED);
        assertThatThrownBy(() -> service.register(body(), NO_TOKEN, ADDRESS.get()))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ClientRegistered", "RegistrationRefused", "RegistrationRateLimited");
    }

    @Test
    @DisplayName("a body the host cannot read: refusedBeforeRegister takes the pending permit, then 429 once none is left")
    void unreadableBodiesCount() {
        RegistrationService service = service();
        RegistrationAdmission first = service.admit(ADDRESS, NO_TOKEN);
        service.refusedBeforeRegister(first);
        assertThat(first.rateLimit().orElseThrow().remaining()).isEqualTo(1);
        assertThatThrownBy(() -> service.register(first, body())).isInstanceOf(IllegalStateException.class);

        service.refusedBeforeRegister(service.admit(ADDRESS, NO_TOKEN));
        RegistrationAdmission third = service.admit(ADDRESS, NO_TOKEN);
        assertThatThrownBy(() -> service.refusedBeforeRegister(third))
                .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
        assertThat(registry.count()).isZero();
    }

    @Test
    @DisplayName("refusedBeforeRegister takes nothing more from an admission that holds its permit already")
    void unreadableBodyWithPermitTaken() {
        RegistrationService service = service(openPolicy().build()).permitsInWrite(false).build();
        RegistrationAdmission admission = service.admit(ADDRESS, NO_TOKEN);
        service.refusedBeforeRegister(admission);
        assertThat(limiter.attempts.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a taken client id takes no permit: the retry with a new id takes the one permit")
    void duplicateIdsTakeNoPermit() {
        SecretGenerator repeating = new SecretGenerator() {
            final AtomicInteger ids = new AtomicInteger();

            @Override
            public String newClientId() {
                return ids.getAndIncrement() < 2 ? "same-id" : "other-id";
            }

            @Override
            public String newSecret() {
                return "secret-" + ids.get();
            }
        };
        RegistrationService service = service(openPolicy().build()).secrets(repeating).build();
        service.register(body(), NO_TOKEN, ADDRESS.get());

        assertThat(service.register(body(), NO_TOKEN, ADDRESS.get()).client().clientId()).isEqualTo("other-id");
        assertThat(limiter.attempts.get()).isEqualTo(2);
    }

    /** An in-memory limiter that counts the permits asked of it and can be told a known refusal. */
    static final class CountingLimiter implements RegistrationRateLimiter {
        final InMemoryRegistrationRateLimiter delegate;
        final AtomicInteger attempts = new AtomicInteger();
        volatile Optional<RateLimitDecision> known = Optional.empty();

        CountingLimiter(RateLimit limit) {
            this.delegate = new InMemoryRegistrationRateLimiter(limit, CLOCK);
        }

        @Override
        public RateLimit limit() {
            return delegate.limit();
        }

        @Override
        public RateLimitDecision tryAcquire(String key) {
            attempts.incrementAndGet();
            return delegate.tryAcquire(key);
        }

        @Override
        public Optional<RateLimitDecision> knownRefusal(String key) {
            return known;
        }
    }

    /** An in-memory registry that takes {@code limiter}'s permits in its create, as one atomic step. */
    static final class PermitTakingRegistry extends ForwardingClientRegistry {
        final RegistrationRateLimiter limiter;
        final AtomicInteger permitsTakenInWrites = new AtomicInteger();

        PermitTakingRegistry(RegistrationRateLimiter limiter) {
            super(new InMemoryClientRegistry());
            this.limiter = limiter;
        }

        @Override
        public boolean takesPermitsOf(RegistrationRateLimiter candidate) {
            return candidate == limiter;
        }

        @Override
        public synchronized RateLimitDecision createWithPermit(RegisteredClient client, RegistrationRateLimiter with,
                String key) {
            if (delegate.findById(client.clientId()).isPresent()) {
                throw new DuplicateClientException(client.clientId());
            }
            RateLimitDecision decision = with.tryAcquire(key);
            if (decision.allowed()) {
                permitsTakenInWrites.incrementAndGet();
                delegate.create(client);
            }
            return decision;
        }
    }
}
