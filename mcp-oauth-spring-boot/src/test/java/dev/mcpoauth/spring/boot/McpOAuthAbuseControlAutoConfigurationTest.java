package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.event.ClientsReaped;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registration.RegistrationException;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.store.jdbc.JdbcRegistrationRateLimiter;
import dev.mcpoauth.store.redis.RedisRegistrationRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("McpOAuthAbuseControlAutoConfiguration")
class McpOAuthAbuseControlAutoConfigurationTest {

    private static final String TOKEN = "initial-access-token-" + "t".repeat(16);
    private static final Map<String, Object> PUBLIC_CLIENT = Map.of(
            "redirect_uris", List.of("http://127.0.0.1:3000/callback"), "token_endpoint_auth_method", "none");

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(McpOAuthAutoConfiguration.class, McpOAuthAbuseControlAutoConfiguration.class));

    private static String h2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Nested
    @DisplayName("mcp.oauth.registration.rate-limit")
    class RateLimits {

        @Test
        @DisplayName("is on by default at 20/1h, and the registration service uses the limiter")
        void onByDefault() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> {
                assertThat(context).hasSingleBean(InMemoryRegistrationRateLimiter.class);
                RegistrationRateLimiter limiter = context.getBean(RegistrationRateLimiter.class);
                assertThat(limiter.limit()).isEqualTo(RateLimit.of(20, Duration.ofHours(1)));
                assertThat(context.getBean(RegistrationService.class).rateLimiter()).containsSame(limiter);
            });
        }

        @Test
        @DisplayName("the server's syntax sets it: 5/30s")
        void serverSyntax() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.rate-limit=5/30s")
                    .run(context -> assertThat(context.getBean(RegistrationRateLimiter.class).limit())
                            .isEqualTo(RateLimit.of(5, Duration.ofSeconds(30))));
        }

        @Test
        @DisplayName("0 turns it off: no limiter, registrations are not counted")
        void zeroIsOff() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.rate-limit=0").run(context -> {
                assertThat(context).doesNotHaveBean(RegistrationRateLimiter.class);
                assertThat(context.getBean(RegistrationService.class).rateLimiter()).isEmpty();
            });
        }

        @Test
        @DisplayName("a value that is not a rate limit stops the start, naming the property")
        void invalid() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.rate-limit=20")
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("mcp.oauth.registration.rate-limit").hasMessageContaining("20/1h"));
        }

        @Test
        @DisplayName("jdbc: a table in the application's DataSource, created with the clients' and cleaned on a schedule")
        void jdbc() {
            AtomicReference<PeriodicTask> housekeeping = new AtomicReference<>();
            runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=" + h2Url(), "mcp.oauth.store.jdbc.create-schema=true",
                            "mcp.oauth.registration.rate-limit=1/1h", "mcp.oauth.registration.reap-interval=2h")
                    .run(context -> {
                        JdbcRegistrationRateLimiter limiter = context.getBean(JdbcRegistrationRateLimiter.class);
                        assertThat(limiter.tryAcquire("203.0.113.7").allowed()).isTrue();
                        assertThat(limiter.tryAcquire("203.0.113.7").allowed()).isFalse();
                        assertThat(limiter.deleteExpired()).isZero();
                        PeriodicTask task = context.getBean(McpOAuthRateLimiterConfigurations.JdbcHousekeeping.BEAN,
                                PeriodicTask.class);
                        assertThat(task.isRunning()).isTrue();
                        assertThat(task.interval()).isEqualTo(Duration.ofHours(2));
                        housekeeping.set(task);
                    });
            assertThat(housekeeping.get().isRunning()).as("stopped with the context").isFalse();
        }

        @Test
        @DisplayName("a reap-interval that is not positive stops the start, naming the property")
        void invalidInterval() {
            runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=" + h2Url(), "mcp.oauth.store.jdbc.create-schema=true",
                            "mcp.oauth.registration.reap-interval=0")
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("mcp.oauth.registration.reap-interval"));
        }

        @Test
        @DisplayName("redis: keys under the store's prefix, on the store's Jedis client")
        void redis() {
            String prefix = "spring-test-" + UUID.randomUUID() + ":";
            runner.withPropertyValues("mcp.oauth.store=redis", "mcp.oauth.store.redis.url=redis://127.0.0.1:6379",
                    "mcp.oauth.store.redis.key-prefix=" + prefix, "mcp.oauth.registration.rate-limit=1/1h").run(context -> {
                        assertThat(context).hasSingleBean(RedisRegistrationRateLimiter.class)
                                .doesNotHaveBean(McpOAuthRateLimiterConfigurations.JdbcHousekeeping.BEAN);
                        RegistrationRateLimiter limiter = context.getBean(RegistrationRateLimiter.class);
                        assertThat(limiter.tryAcquire("203.0.113.7").allowed()).isTrue();
                        assertThat(limiter.tryAcquire("203.0.113.7").allowed()).isFalse();
                        assertThat(limiter.tryAcquire("203.0.113.8").allowed()).isTrue();
                    });
        }

        @Test
        @DisplayName("redis: the permit is taken in the client's create script, unless .permit-in-write=false")
        void redisPermitInWrite() {
            String prefix = "spring-test-" + UUID.randomUUID() + ":";
            runner.withPropertyValues("mcp.oauth.store=redis", "mcp.oauth.store.redis.url=redis://127.0.0.1:6379",
                    "mcp.oauth.store.redis.key-prefix=" + prefix, "mcp.oauth.registration.rate-limit=1/1h").run(context -> {
                        RegistrationService service = context.getBean(RegistrationService.class);
                        assertThat(service.permitsInWrite()).isTrue();
                        service.register(Map.of("redirect_uris", List.of("http://127.0.0.1:9/cb")), Optional.empty(),
                                "203.0.113.9");
                        assertThatThrownBy(() -> service.register(Map.of("redirect_uris",
                                List.of("http://127.0.0.1:9/cb")), Optional.empty(), "203.0.113.9"))
                                .isInstanceOfSatisfying(RegistrationException.class,
                                        e -> assertThat(e.error().code()).isEqualTo("too_many_requests"));
                    });
            runner.withPropertyValues("mcp.oauth.store=redis", "mcp.oauth.store.redis.url=redis://127.0.0.1:6379",
                    "mcp.oauth.store.redis.key-prefix=" + prefix, "mcp.oauth.registration.rate-limit.permit-in-write=false")
                    .run(context -> assertThat(context.getBean(RegistrationService.class).permitsInWrite()).isFalse());
        }

        @Test
        @DisplayName("the application's own ClientRegistry without a DataSource: the limit is kept in memory")
        void ownRegistryWithoutADataSource() {
            runner.withUserConfiguration(OwnRegistry.class)
                    .run(context -> assertThat(context).hasSingleBean(InMemoryRegistrationRateLimiter.class));
        }

        @Test
        @DisplayName("jdbc without mcp-oauth-store-jdbc, on the application's own registry: in memory")
        void jdbcModuleMissing() {
            runner.withUserConfiguration(OwnRegistry.class)
                    .withClassLoader(new FilteredClassLoader(JdbcRegistrationRateLimiter.class))
                    .run(context -> assertThat(context).hasSingleBean(InMemoryRegistrationRateLimiter.class));
        }

        @Test
        @DisplayName("the application's own RegistrationRateLimiter bean replaces ours")
        void ownLimiter() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(OwnLimiter.class).run(context -> {
                assertThat(context).hasSingleBean(RegistrationRateLimiter.class)
                        .doesNotHaveBean("mcpOAuthRegistrationRateLimiter");
                assertThat(context.getBean(RegistrationService.class).rateLimiter())
                        .containsSame(context.getBean("ownLimiter", RegistrationRateLimiter.class));
            });
        }

        @Test
        @DisplayName("mcp.oauth.enabled=false: no limiter either")
        void disabled() {
            runner.withPropertyValues("mcp.oauth.enabled=false", "mcp.oauth.store=memory")
                    .run(context -> assertThat(context).doesNotHaveBean(RegistrationRateLimiter.class));
        }
    }

    @Nested
    @DisplayName("mcp.oauth.registration.rate-limit.key and .fail-open")
    class KeysAndOutages {

        @Test
        @DisplayName("address (the default) counts an attempt against the caller's address")
        void keyedByAddress() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.initial-access-tokens=" + TOKEN)
                    .run(context -> assertThat(context.getBean(RegistrationService.class)
                            .admit(Optional.of("203.0.113.7"), Optional.of(TOKEN)).callerKey()).isEqualTo("address:203.0.113.7"));
        }

        @Test
        @DisplayName("token counts it against the initial access token: two addresses share one bucket")
        void keyedByToken() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.initial-access-tokens=" + TOKEN,
                    "mcp.oauth.registration.rate-limit=1/1h", "mcp.oauth.registration.rate-limit.key=token")
                    .run(context -> {
                        RegistrationService service = context.getBean(RegistrationService.class);
                        assertThat(service.admit(Optional.of("203.0.113.7"), Optional.of(TOKEN)).callerKey())
                                .startsWith("token:").doesNotContain("203.0.113.7").doesNotContain(TOKEN);
                        assertThatThrownBy(() -> service.admit(Optional.of("198.51.100.9"), Optional.of(TOKEN)))
                                .isInstanceOfSatisfying(RegistrationException.class,
                                        e -> assertThat(e.error().code()).isEqualTo("too_many_requests"));
                    });
        }

        @Test
        @DisplayName("a key that is neither address nor token stops the start, naming the property")
        void invalidKey() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.rate-limit.key=ip")
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("mcp.oauth.registration.rate-limit.key"));
        }

        @Test
        @DisplayName("a limiter that cannot decide fails the attempt by default (the endpoint answers 503)")
        void failClosedByDefault() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(UnavailableLimiter.class)
                    .run(context -> assertThatThrownBy(() -> context.getBean(RegistrationService.class)
                            .admit(Optional.of("203.0.113.7"), Optional.empty()))
                            .isInstanceOf(RateLimiterUnavailableException.class));
        }

        @Test
        @DisplayName("fail-open=true lets the attempt through while the limiter cannot decide")
        void failOpen() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.rate-limit.fail-open=true")
                    .withUserConfiguration(UnavailableLimiter.class)
                    .run(context -> assertThat(context.getBean(RegistrationService.class)
                            .admit(Optional.of("203.0.113.7"), Optional.empty()).rateLimit()).isEmpty());
        }
    }

    @Nested
    @DisplayName("mcp.oauth.server.trusted-proxies and mcp.oauth.registration.max-clients")
    class ProxiesAndCap {

        @Test
        @DisplayName("trusted proxies reach the HTTP binding's address resolver")
        void trustedProxies() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.server.trusted-proxies=10.0.0.0/8, 127.0.0.1")
                    .run(context -> {
                        HttpBindingOptions options = context.getBean(HttpBindingOptions.class);
                        assertThat(options.clientAddresses().trustedProxies()).containsExactly("10.0.0.0/8",
                                "127.0.0.1/32");
                        assertThat(options.clientAddresses().resolve("10.1.2.3", List.of(), List.of("203.0.113.7")))
                                .isEqualTo("203.0.113.7");
                    });
        }

        @Test
        @DisplayName("none by default: forwarding headers are ignored")
        void noProxies() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> assertThat(context
                    .getBean(HttpBindingOptions.class).clientAddresses().resolve("10.1.2.3", List.of(),
                            List.of("203.0.113.7"))).isEqualTo("10.1.2.3"));
        }

        @Test
        @DisplayName("a proxy that is not an address or CIDR block stops the start")
        void invalidProxy() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.server.trusted-proxies=proxy.example.com")
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("proxy.example.com"));
        }

        @Test
        @DisplayName("max-clients caps the registry: over it, registration is access_denied")
        void maxClients() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.max-clients=1").run(context -> {
                assertThat(context.getBean(RegistrationPolicy.class).maxClients()).isEqualTo(1);
                RegistrationService service = context.getBean(RegistrationService.class);
                service.register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7");
                assertThatThrownBy(() -> service.register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.8"))
                        .isInstanceOfSatisfying(RegistrationException.class,
                                e -> assertThat(e.error().code()).isEqualTo("access_denied"));
            });
        }

        @Test
        @DisplayName("no cap by default")
        void noCap() {
            runner.withPropertyValues("mcp.oauth.store=memory")
                    .run(context -> assertThat(context.getBean(RegistrationPolicy.class).maxClients()).isZero());
        }

        @Test
        @DisplayName("a negative cap stops the start")
        void negativeCap() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.max-clients=-1")
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("maxClients must not be negative"));
        }
    }

    @Nested
    @DisplayName("mcp.oauth.registration.reap-unused-after and reap-interval")
    class Reaping {

        @Test
        @DisplayName("off by default: the ClientReaper use case is there, nothing is scheduled")
        void offByDefault() {
            runner.withPropertyValues("mcp.oauth.store=memory").run(context -> assertThat(context)
                    .hasSingleBean(ClientReaper.class).doesNotHaveBean(McpOAuthAbuseControlAutoConfiguration.REAPING));
        }

        @Test
        @DisplayName("0 in any unit is off")
        void zeroIsOff() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.reap-unused-after=0d")
                    .run(context -> assertThat(context).doesNotHaveBean(McpOAuthAbuseControlAutoConfiguration.REAPING));
        }

        @Test
        @DisplayName("a run deletes the never-used client and keeps the one in use, and says so to the listeners")
        void oneRun() {
            runner.withPropertyValues("mcp.oauth.store=memory").withUserConfiguration(Recording.class).run(context -> {
                RegistrationService service = context.getBean(RegistrationService.class);
                ClientRegistry registry = context.getBean(ClientRegistry.class);
                String unused = service.register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7").client().clientId();
                String inUse = service.register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.8").client().clientId();
                Instant later = Instant.now().plus(Duration.ofDays(100));
                registry.touch(inUse, later);
                ClientReaper reaper = ClientReaper.builder(registry)
                        .listeners(List.of(context.getBean(RegistrationEventListener.class)))
                        .clock(Clock.fixed(later.plus(Duration.ofHours(1)), ZoneOffset.UTC)).build();

                new McpOAuthReaping(reaper, Duration.ofDays(90)).run();

                assertThat(registry.findById(unused)).isEmpty();
                assertThat(registry.findById(inUse)).isPresent();
                assertThat(context.getBean(Recorder.class).events).singleElement()
                        .isInstanceOfSatisfying(ClientsReaped.class, e -> assertThat(e.count()).isEqualTo(1));
            });
        }

        @Test
        @DisplayName("on a schedule: reap-unused-after=1s, reap-interval=1s deletes an unused client, the listeners hear it,"
                + " and the task stops with the context")
        void scheduled() {
            AtomicReference<PeriodicTask> reaping = new AtomicReference<>();
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.reap-unused-after=1s",
                    "mcp.oauth.registration.reap-interval=1s").withUserConfiguration(Recording.class).run(context -> {
                        PeriodicTask task = context.getBean(McpOAuthAbuseControlAutoConfiguration.REAPING,
                                PeriodicTask.class);
                        assertThat(task.isRunning()).isTrue();
                        reaping.set(task);
                        String clientId = context.getBean(RegistrationService.class)
                                .register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7").client().clientId();
                        ClientRegistry registry = context.getBean(ClientRegistry.class);
                        // runs that found nothing old enough yet publish a count of 0; wait for the one that reaps
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        ClientsReaped run;
                        do {
                            run = context.getBean(Recorder.class).runs.poll(
                                    deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        } while (run != null && run.count() == 0);
                        assertThat(run).as("a scheduled run that reaped the client within 20 s").isNotNull();
                        assertThat(registry.findById(clientId)).isEmpty();
                        assertThat(context.getBean(Recorder.class).events)
                                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClientsReaped.class,
                                        reaped -> assertThat(reaped.count()).isEqualTo(1)));
                    });
            assertThat(reaping.get().isRunning()).as("stopped with the context").isFalse();
        }

        @Test
        @DisplayName("a negative reap-unused-after stops the start, naming the property")
        void negative() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.reap-unused-after=-1d")
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("mcp.oauth.registration.reap-unused-after"));
        }

        @Test
        @DisplayName("the application's own ClientReaper bean is the one scheduled")
        void ownReaper() {
            runner.withPropertyValues("mcp.oauth.store=memory", "mcp.oauth.registration.reap-unused-after=90d")
                    .withBean("ownReaper", ClientReaper.class, () -> ClientReaper.builder(new InMemoryClientRegistry())
                            .build())
                    .run(context -> assertThat(context).hasSingleBean(ClientReaper.class).hasBean("ownReaper")
                            .hasBean(McpOAuthAbuseControlAutoConfiguration.REAPING));
        }
    }

    static final class Recorder implements RegistrationEventListener {
        final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
        final BlockingQueue<ClientsReaped> runs = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(RegistrationEvent event) {
            if (event instanceof ClientsReaped reaped) {
                events.add(event);
                runs.add(reaped);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        ClientRegistry ownRegistry() {
            return new InMemoryClientRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLimiter {
        @Bean
        RegistrationRateLimiter ownLimiter() {
            return new InMemoryRegistrationRateLimiter(RateLimit.of(3, Duration.ofMinutes(1)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnavailableLimiter {
        @Bean
        RegistrationRateLimiter unavailableLimiter() {
            RateLimit limit = RateLimit.of(3, Duration.ofMinutes(1));
            return new RegistrationRateLimiter() {
                @Override
                public RateLimit limit() {
                    return limit;
                }

                @Override
                public dev.mcpoauth.core.ratelimit.RateLimitDecision tryAcquire(String key) {
                    throw new RateLimiterUnavailableException("the limiter's store is down", null);
                }
            };
        }
    }
}
