package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.event.ClientDeleted;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.MetadataDocumentRefused;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.micrometer.ClientCountGauge;
import dev.mcpoauth.micrometer.MeterNames;
import dev.mcpoauth.micrometer.MicrometerEventListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("events and Micrometer")
class McpOAuthMetricsAutoConfigurationTest {

    private static final Map<String, Object> PUBLIC_CLIENT = Map.of(
            "redirect_uris", List.of("http://127.0.0.1:3000/callback"), "token_endpoint_auth_method", "none");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(McpOAuthAutoConfiguration.class,
                    McpOAuthAbuseControlAutoConfiguration.class, McpOAuthMetricsAutoConfiguration.class))
            .withPropertyValues("mcp.oauth.store=memory");

    @Nested
    @DisplayName("RegistrationEventListener beans")
    class Events {

        @Test
        @DisplayName("every listener bean hears registration and management, in order")
        void listenersReachTheServices() {
            runner.withUserConfiguration(Listeners.class).run(context -> {
                ClientRegistration registered = context.getBean(RegistrationService.class)
                        .register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7");
                context.getBean(ClientConfigurationService.class).delete(registered.client().clientId(),
                        registered.registrationAccessToken());
                for (String name : List.of("first", "second")) {
                    List<RegistrationEvent> heard = context.getBean(name, Recorder.class).events;
                    assertThat(heard).hasSize(2);
                    assertThat(heard.get(0)).isInstanceOf(ClientRegistered.class);
                    assertThat(heard.get(1)).isInstanceOf(ClientDeleted.class);
                }
            });
        }

        @Test
        @DisplayName("with CIMD on, listener beans hear metadata document resolutions too")
        void listenersReachMetadataDocuments() {
            runner.withUserConfiguration(Listeners.class)
                    .withPropertyValues("mcp.oauth.cimd.enabled=true", "mcp.oauth.cimd.trusted-hosts=claude.ai")
                    .run(context -> {
                        String untrusted = "https://untrusted.example.com/oauth/client.json";
                        assertThat(context.getBean(ClientDirectory.class).findClient(untrusted)).isEmpty();
                        assertThat(context.getBean("first", Recorder.class).events).singleElement()
                                .isInstanceOfSatisfying(MetadataDocumentRefused.class,
                                        e -> assertThat(e.reason()).isEqualTo("unknown"));
                    });
        }

        @Test
        @DisplayName("a listener that throws does not fail the registration")
        void throwingListener() {
            runner.withBean("throwing", RegistrationEventListener.class, () -> event -> {
                throw new IllegalStateException("listener failure");
            }).run(context -> assertThat(context.getBean(RegistrationService.class)
                    .register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7").client().clientId()).isNotBlank());
        }
    }

    @Nested
    @DisplayName("with a MeterRegistry bean")
    class WithMeters {

        @Test
        @DisplayName("registrations are counted, store calls timed with the store's tag, and the clients gauge counts")
        void meters() {
            runner.withBean(SimpleMeterRegistry.class).run(context -> {
                assertThat(context).hasSingleBean(MicrometerEventListener.class).hasSingleBean(ClientCountGauge.class);
                assertThat(context.getBean(ClientRegistry.class)).as("the bean stays the store")
                        .isInstanceOf(InMemoryClientRegistry.class);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                ClientRegistration registered = context.getBean(RegistrationService.class)
                        .register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7");
                context.getBean(ClientDirectory.class).findClient(registered.client().clientId());

                assertThat(meters.get(MeterNames.REGISTRATIONS).tag("outcome", "registered").counter().count())
                        .isEqualTo(1);
                assertThat(meters.get(MeterNames.STORE).tags("store", "memory", "operation", "create").timer().count())
                        .isEqualTo(1);
                assertThat(meters.get(MeterNames.STORE).tags("store", "memory", "operation", "findById").timer()
                        .count()).as("the client directory's lookups are timed too").isEqualTo(1);
                context.getBean(ClientCountGauge.class).refresh();
                assertThat(meters.get(MeterNames.CLIENTS).gauge().value()).isEqualTo(1);
            });
        }

        @Test
        @DisplayName("the gauge's background count starts with the context and stops with it")
        void gaugeLifecycle() {
            AtomicReference<PeriodicTask> refresh = new AtomicReference<>();
            runner.withBean(SimpleMeterRegistry.class).run(context -> {
                PeriodicTask task = context.getBean(McpOAuthMetricsAutoConfiguration.CLIENT_COUNT_REFRESH,
                        PeriodicTask.class);
                assertThat(task.isRunning()).isTrue();
                assertThat(task.interval()).isEqualTo(McpOAuthMetricsAutoConfiguration.CLIENT_COUNT_INTERVAL);
                refresh.set(task);
            });
            assertThat(refresh.get().isRunning()).isFalse();
        }

        @Test
        @DisplayName("Spring Boot's own metrics auto-configuration provides the registry")
        void withBootsMeterRegistry() {
            runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                    .run(context -> {
                        assertThat(context).hasSingleBean(MicrometerEventListener.class);
                        context.getBean(RegistrationService.class).register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7");
                        assertThat(context.getBean(MeterRegistry.class).get(MeterNames.REGISTRATIONS).counter().count())
                                .isEqualTo(1);
                    });
        }

        @Test
        @DisplayName("mcp.oauth.metrics.enabled=false: no meters, no gauge thread")
        void disabled() {
            runner.withBean(SimpleMeterRegistry.class).withPropertyValues("mcp.oauth.metrics.enabled=false")
                    .run(context -> {
                        assertThat(context).doesNotHaveBean(MicrometerEventListener.class)
                                .doesNotHaveBean(ClientCountGauge.class)
                                .doesNotHaveBean(McpOAuthMetricsAutoConfiguration.CLIENT_COUNT_REFRESH);
                        context.getBean(RegistrationService.class).register(PUBLIC_CLIENT, Optional.empty(), "203.0.113.7");
                        assertThat(context.getBean(MeterRegistry.class).find(MeterNames.STORE).timers()).isEmpty();
                    });
        }

        @Test
        @DisplayName("the application's own MicrometerEventListener replaces ours")
        void ownListener() {
            runner.withBean(SimpleMeterRegistry.class).withBean("ownListener", MicrometerEventListener.class,
                    () -> new MicrometerEventListener(new SimpleMeterRegistry())).run(context -> assertThat(context)
                            .hasSingleBean(MicrometerEventListener.class).hasBean("ownListener"));
        }
    }

    @Nested
    @DisplayName("without meters")
    class WithoutMeters {

        @Test
        @DisplayName("no MeterRegistry bean: nothing is metered, the rest works")
        void noRegistry() {
            runner.run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerEventListener.class)
                        .doesNotHaveBean(ClientCountGauge.class);
                assertThat(context.getBean(RegistrationService.class).register(PUBLIC_CLIENT, Optional.empty(),
                        "203.0.113.7").client().clientId()).isNotBlank();
            });
        }

        @Test
        @DisplayName("Micrometer not on the class path: nothing is metered, no failure")
        void noMicrometer() {
            runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerEventListener.class);
                assertThat(context.getBean(RegistrationService.class).register(PUBLIC_CLIENT, Optional.empty(),
                        "203.0.113.7").client().clientId()).isNotBlank();
            });
        }

        @Test
        @DisplayName("mcp-oauth-micrometer not on the class path: nothing is metered, no failure")
        void noModule() {
            runner.withBean(SimpleMeterRegistry.class)
                    .withClassLoader(new FilteredClassLoader(MicrometerEventListener.class))
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientCountGauge.class)
                            .hasSingleBean(RegistrationService.class));
        }
    }

    static final class Recorder implements RegistrationEventListener {
        final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(RegistrationEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {
        @Bean
        Recorder first() {
            return new Recorder();
        }

        @Bean
        Recorder second() {
            return new Recorder();
        }
    }
}
