package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.registration.RegistrationPolicy.ScopePolicy;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds generated JSON-like bodies to {@link RegistrationService#register}: wrong types, huge
 * strings, deep nesting, unicode with lone surrogates and control characters, known member
 * names with random values. The only allowed outcomes are a registered client or a
 * {@link RegistrationException} with a safe description.
 */
@DisplayName("Registration under random input")
class RegistrationFuzzTest {

    static final long[] FIXED_SEEDS = {1L, 42L, 7_591L, 20_260_304L};
    static final long RANDOM_SEED = new SecureRandom().nextLong();
    static final int ITERATIONS = 5_000;
    static final String URI_PUNCTUATION = ":/?#[]@!$&'()*+,;=%.-_~\\\" ";

    static final List<String> MEMBER_NAMES = List.of("redirect_uris", "token_endpoint_auth_method", "grant_types",
            "response_types", "client_name", "client_uri", "logo_uri", "scope", "contacts", "tos_uri", "policy_uri",
            "jwks_uri", "jwks", "software_id", "software_version", "application_type", "client_id", "client_secret",
            "client_id_issued_at", "client_secret_expires_at", "registration_access_token", "registration_client_uri",
            "software_statement", "client_name#ja", "logo_uri#fr", "tos_uri#", "client_uri#en-US", "policy_uri#x\n",
            "client_name#-", "#ja", "", "unknown");
    static final List<String> INTERESTING_STRINGS = List.of("", " ", "none", "client_secret_basic",
            "client_secret_post", "NONE", "web", "native", "authorization_code", "refresh_token", "code", "token",
            "urn:ietf:params:oauth:grant-type:device_code", "https://client.example.com/cb", "http://localhost:3000/cb",
            "http://127.0.0.1", "http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]/", "http://[", "http://[::1",
            "http://[:::1]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://[::1::]/", "http://[ffff1::1]/", "cursor://cb",
            "com.example.app:/cb", "javascript:alert(1)", "data:,x", "https://user@host/", "cursor://u@h_st/",
            "https:///", "https:", "#", "?", "//", "http://127.0.0.1:99999999999/", "https://[::1]:-1/",
            "https://%zz/", "https://host/%", "openid email profile", "mcp:tools", "\u0000", "\ud800", "\udc00x",
            "\u2028", "\r\n", "é", "😀");
    static final List<RegistrationPolicy> POLICIES = List.of(
            RegistrationPolicy.builder().enabled(true).build(),
            RegistrationPolicy.builder().enabled(true).allowedRedirectHosts(Set.of("client.example.com", "*.example.org"))
                    .allowedPrivateUseSchemes(Set.of("cursor")).scopePolicy(ScopePolicy.REJECT, Set.of("mcp:tools"))
                    .clientSecretLifetime(Duration.ofDays(1)).build(),
            RegistrationPolicy.builder().enabled(true).privateUseSchemesAllowed(false).managementEnabled(false)
                    .scopePolicy(ScopePolicy.FILTER, Set.of("openid")).authMethods(Set.of("none")).maxListItems(3)
                    .maxStringLength(16).maxRedirectUris(2).maxRedirectUriLength(40).build());

    static LongStream seeds() {
        return LongStream.concat(LongStream.of(FIXED_SEEDS), LongStream.of(RANDOM_SEED));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void registrationEitherRegistersOrRefusesWithARegistrationException(long seed) {
        Random random = new Random(seed);
        List<RegistrationService> services = POLICIES.stream().map(policy -> new RegistrationService(
                new InMemoryClientRegistry(), policy, CLOCK, SecretGenerator.secureRandom())).toList();
        int registered = 0;
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Map<String, Object> body = new Generator(random).body();
            RegistrationService service = services.get(random.nextInt(services.size()));
            try {
                ClientRegistration registration = service.register(body, Optional.empty());
                assertThat(registration.toResponseMap()).as("seed %d, iteration %d", seed, i)
                        .doesNotContainValue(null).doesNotContainValue(JsonValues.NULL);
                registered++;
            } catch (RegistrationException e) {
                Registrations.assertSafeDescription(e);
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("seed " + seed + " (fixed seeds " + Arrays.toString(FIXED_SEEDS)
                        + ", random seed " + RANDOM_SEED + "), iteration " + i + ": register threw "
                        + e.getClass().getName() + " for body " + describe(body, 0), e);
            }
        }
        assertThat(registered).as("seed %d (random seed this run: %d): some bodies register", seed, RANDOM_SEED)
                .isPositive();
        assertThat(refused).as("seed %d (random seed this run: %d): some bodies are refused", seed, RANDOM_SEED)
                .isPositive();
    }

    /** A bounded description of a generated value, safe for deep or huge trees. */
    static String describe(Object value, int depth) {
        if (depth > 4) {
            return "…";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(describe(k, depth + 1)).append('=').append(describe(v, depth + 1))
                    .append(", "));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[" + list.size() + " items: ");
            list.stream().limit(5).forEach(v -> sb.append(describe(v, depth + 1)).append(", "));
            return sb.append(']').toString();
        }
        if (value instanceof String s) {
            String shown = s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
            return '"' + shown.replace("\r", "\\r").replace("\n", "\\n") + '"';
        }
        return String.valueOf(value) + (value == null ? "" : ":" + value.getClass().getSimpleName());
    }

    /** Random JSON-like values, biased towards the member names and shapes the validator looks at. */
    static final class Generator {

        private final Random random;
        private int budget = 200;

        Generator(Random random) {
            this.random = random;
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean startValid = random.nextBoolean();
            if (startValid) {
                body.put("redirect_uris", List.of(pick(List.of("http://127.0.0.1:3000/cb", "http://[::1]/cb",
                        "https://client.example.com/cb", "cursor://cb", "http://localhost/"))));
                body.put("grant_types", List.of("authorization_code", "refresh_token"));
                body.put("response_types", List.of("code"));
                body.put("token_endpoint_auth_method", pick(List.of("none", "client_secret_post")));
                body.put("client_name", "Fuzz");
                body.put("scope", "openid");
            } else if (random.nextInt(10) < 7) {
                body.put("redirect_uris", plausibleRedirectUris());
            }
            int members = random.nextInt(startValid ? 3 : 9);
            for (int i = 0; i < members; i++) {
                String name = random.nextInt(10) < 8 ? pick(MEMBER_NAMES) : string();
                body.put(name, random.nextInt(3) == 0 ? plausibleValueFor(name) : value(0));
            }
            return body;
        }

        private Object plausibleRedirectUris() {
            List<Object> uris = new ArrayList<>();
            int count = random.nextInt(4) + (random.nextInt(50) == 0 ? 30 : 0);
            for (int i = 0; i < count; i++) {
                uris.add(random.nextInt(4) == 0 ? value(1) : mutate(pick(INTERESTING_STRINGS)));
            }
            return uris;
        }

        private Object plausibleValueFor(String name) {
            return switch (name) {
                case "grant_types", "response_types", "contacts" -> {
                    List<Object> list = new ArrayList<>();
                    int count = random.nextInt(5);
                    for (int i = 0; i < count; i++) {
                        list.add(random.nextInt(5) == 0 ? value(2) : mutate(pick(INTERESTING_STRINGS)));
                    }
                    yield list;
                }
                case "jwks" -> {
                    Map<String, Object> jwks = new LinkedHashMap<>();
                    List<Object> keys = new ArrayList<>();
                    int count = random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        keys.add(random.nextBoolean() ? map(2) : value(2));
                    }
                    jwks.put(random.nextInt(5) == 0 ? string() : "keys", random.nextInt(5) == 0 ? value(1) : keys);
                    yield jwks;
                }
                default -> mutate(pick(INTERESTING_STRINGS));
            };
        }

        Object value(int depth) {
            budget--;
            int kind = random.nextInt(depth > 6 || budget <= 0 ? 8 : 12);
            return switch (kind) {
                case 0 -> null;
                case 1 -> JsonValues.NULL;
                case 2 -> random.nextBoolean();
                case 3 -> number();
                case 4, 5 -> string();
                case 6, 7 -> mutate(pick(INTERESTING_STRINGS));
                case 8, 9 -> list(depth + 1);
                case 10 -> map(depth + 1);
                default -> deep();
            };
        }

        private Object number() {
            return switch (random.nextInt(7)) {
                case 0 -> random.nextInt();
                case 1 -> random.nextLong();
                case 2 -> random.nextDouble() * 1e300;
                case 3 -> Double.NaN;
                case 4 -> Double.NEGATIVE_INFINITY;
                case 5 -> new BigDecimal(new BigInteger(200, random), random.nextInt(40) - 20);
                default -> 0;
            };
        }

        private List<Object> list(int depth) {
            int size = random.nextInt(20) == 0 ? 150 + random.nextInt(100) : random.nextInt(5);
            List<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(value(depth));
            }
            return list;
        }

        private Map<String, Object> map(int depth) {
            int size = random.nextInt(5);
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                map.put(random.nextBoolean() ? pick(MEMBER_NAMES) : string(), value(depth));
            }
            return map;
        }

        private Object deep() {
            Object value = string();
            int depth = 1 + random.nextInt(random.nextInt(10) == 0 ? 3_000 : 20);
            for (int i = 0; i < depth; i++) {
                value = random.nextBoolean() ? List.of(value) : Map.of("keys", value);
            }
            return value;
        }

        String string() {
            int length = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> random.nextInt(5) == 0 ? 1_000 + random.nextInt(3_000) : 20 + random.nextInt(40);
                case 2 -> random.nextInt(10) == 0 ? (random.nextInt(20) == 0 ? 200_000 : 2_049) : 1 + random.nextInt(4);
                default -> random.nextInt(12);
            };
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(character());
            }
            return sb.toString();
        }

        private char character() {
            return switch (random.nextInt(8)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0xd800 + random.nextInt(0x800));
                case 2 -> (char) random.nextInt(0x10000);
                case 3 -> URI_PUNCTUATION.charAt(random.nextInt(URI_PUNCTUATION.length()));
                default -> (char) (0x20 + random.nextInt(0x5f));
            };
        }

        /** Sometimes inserts, deletes or replaces a character, or prefixes a scheme. */
        private String mutate(String s) {
            StringBuilder sb = new StringBuilder(s);
            int edits = random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> sb.insert(at, character());
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    case 2 -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, character());
                        }
                    }
                    default -> sb.insert(0, pick(List.of("http://", "https://", "HTTP://LOCALHOST", "cursor:",
                            "javascript:", "http://[::1]", "https://user@")));
                }
            }
            return sb.toString();
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
