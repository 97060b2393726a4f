package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.ABSENT;
import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.WEB_REDIRECT;
import static dev.mcpoauth.core.registration.Registrations.accepted;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static dev.mcpoauth.core.registration.Registrations.refused;
import static dev.mcpoauth.core.registration.Registrations.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.registration.RegistrationPolicy.ScopePolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN §3.4, rule by rule, through {@link RegistrationService#register}: each rule accepts and refuses. */
@DisplayName("Client metadata validation (DESIGN §3.4)")
class ClientMetadataValidationTest {

    static final List<String> STRING_MEMBERS = List.of("client_name", "client_uri", "logo_uri", "tos_uri",
            "policy_uri", "jwks_uri", "scope", "software_id", "software_version", "token_endpoint_auth_method",
            "application_type");
    static final List<String> OPTIONAL_STRING_MEMBERS = List.of("client_name", "client_uri", "logo_uri", "tos_uri",
            "policy_uri", "jwks_uri", "scope", "software_id", "software_version");
    static final List<String> LIST_MEMBERS = List.of("grant_types", "response_types", "contacts");
    static final List<String> URL_MEMBERS = List.of("client_uri", "logo_uri", "tos_uri", "policy_uri");
    static final List<String> FORBIDDEN_SCHEMES =
            List.of("javascript", "data", "vbscript", "file", "about", "blob", "ftp", "ws", "wss");

    static void assertRefusal(RegistrationException e, RegistrationError error, String field) {
        assertThat(e.error()).as("error of: %s", e.description()).isEqualTo(error);
        assertThat(e.description()).as("the description names the field").contains(field);
    }

    static List<String> redirectUrisOf(ClientRegistration registration) {
        return registration.client().metadata().redirectUris();
    }

    static Map<String, Object> validStringValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("client_name", "My Client");
        values.put("client_uri", "https://client.example.com/");
        values.put("logo_uri", "https://client.example.com/logo.png");
        values.put("tos_uri", "https://client.example.com/tos");
        values.put("policy_uri", "https://client.example.com/privacy");
        values.put("jwks_uri", "https://client.example.com/jwks.json");
        values.put("scope", "openid mcp:tools");
        values.put("software_id", "4NRB1-0XZABZI9E6-5SM3R");
        values.put("software_version", "2.1.0");
        values.put("token_endpoint_auth_method", "none");
        values.put("application_type", "web");
        return values;
    }

    @Nested
    @DisplayName("body member types")
    class MemberTypes {

        static Stream<Arguments> stringMembersWithNonStrings() {
            List<Object> nonStrings = List.of(42, 4.2, true, false, List.of("x"), List.of(), Map.of("en", "x"),
                    Map.of());
            return STRING_MEMBERS.stream().flatMap(m -> nonStrings.stream().map(v -> Arguments.of(m, v)));
        }

        @ParameterizedTest(name = "{0} = {1} is invalid_client_metadata")
        @MethodSource("stringMembersWithNonStrings")
        void aNumberBooleanArrayOrObjectWhereAStringBelongsIsRefused(String member, Object value) {
            assertRefusal(refused(body(member, value)), RegistrationError.INVALID_CLIENT_METADATA, member);
        }

        @Test
        void aStringForEveryStringMemberIsAcceptedAndEchoed() {
            Map<String, Object> body = body();
            body.putAll(validStringValues());

            Map<String, Object> response = accepted(body).toResponseMap();

            validStringValues().forEach((name, value) -> assertThat(response).containsEntry(name, value));
        }

        static Stream<Arguments> listMembersWithNonLists() {
            List<Object> wrong = List.of("authorization_code", 1, true, Map.of("0", "code"), List.of(1),
                    List.of(List.of("code")), List.of(Map.of("a", "b")), Arrays.asList("code", null),
                    List.of("code", false));
            return LIST_MEMBERS.stream().flatMap(m -> wrong.stream().map(v -> Arguments.of(m, v)));
        }

        @ParameterizedTest(name = "{0} = {1} is invalid_client_metadata")
        @MethodSource("listMembersWithNonLists")
        void aListMemberThatIsNotAnArrayOfStringsIsRefused(String member, Object value) {
            assertRefusal(refused(body(member, value)), RegistrationError.INVALID_CLIENT_METADATA, member);
        }

        @Test
        void arraysOfStringsAreAcceptedForEveryListMember() {
            ClientMetadata metadata = accepted(body("grant_types", List.of("authorization_code"),
                    "response_types", List.of("code"), "contacts", List.of("ops@example.com"))).client().metadata();

            assertThat(metadata.grantTypes()).containsExactly("authorization_code");
            assertThat(metadata.responseTypes()).containsExactly("code");
            assertThat(metadata.contacts()).contains(List.of("ops@example.com"));
        }

        static Stream<Object> nonArrays() {
            return Stream.of(WEB_REDIRECT, 1, true, Map.of("0", WEB_REDIRECT));
        }

        @ParameterizedTest(name = "redirect_uris = {0} is invalid_redirect_uri")
        @MethodSource("nonArrays")
        void redirectUrisThatIsNotAnArrayIsRefused(Object value) {
            assertRefusal(refused(body("redirect_uris", value)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
        }

        static Stream<Object> nonStringEntries() {
            return Stream.of(1, true, JsonValues.NULL, List.of(WEB_REDIRECT), Map.of("uri", WEB_REDIRECT));
        }

        @ParameterizedTest(name = "entry {0} is invalid_redirect_uri")
        @MethodSource("nonStringEntries")
        void aRedirectUriEntryThatIsNotAStringIsRefusedNamingTheEntry(Object entry) {
            List<Object> uris = new ArrayList<>();
            uris.add(WEB_REDIRECT);
            uris.add(entry);
            assertRefusal(refused(body("redirect_uris", uris)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris[1]");
        }

        @Test
        void aNullRedirectUriEntryIsRefused() {
            assertRefusal(refused(body("redirect_uris", Arrays.asList(WEB_REDIRECT, null))),
                    RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[1]");
        }

        @ParameterizedTest(name = "jwks = {0} is invalid_client_metadata")
        @MethodSource("jwksThatAreNotObjects")
        void jwksThatIsNotAnObjectIsRefused(Object value) {
            assertRefusal(refused(body("jwks", value)), RegistrationError.INVALID_CLIENT_METADATA, "jwks");
        }

        static Stream<Object> jwksThatAreNotObjects() {
            return Stream.of("{\"keys\":[]}", 7, true, List.of(Map.of("kty", "EC")));
        }

        @Test
        void jwksAsAnObjectIsAcceptedAndEchoedAsTheSameTree() {
            Map<String, Object> jwks = Map.of("keys", List.of(Map.of("kty", "EC", "crv", "P-256",
                    "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "use", "sig", "ext", true, "n", 3L)));

            assertThat(accepted(body("jwks", jwks)).toResponseMap()).containsEntry("jwks", jwks);
        }

        @Test
        void numbersInJwksAreNormalisedSoEqualValuesCompareEqual() {
            Map<String, Object> sent = Map.of("keys", List.of(Map.of("kty", "oct", "i", 3, "d", 2.50)));

            assertThat(accepted(body("jwks", sent)).client().metadata().jwks()).contains(Map.of("keys",
                    List.of(Map.of("kty", "oct", "i", 3L, "d", new BigDecimal("2.5")))));
        }

        @Test
        void aNonFiniteNumberInJwksIsRefused() {
            assertRefusal(refused(body("jwks", Map.of("keys", List.of(Map.of("kty", "oct", "x", Double.NaN))))),
                    RegistrationError.INVALID_CLIENT_METADATA, "jwks");
        }
    }

    @Nested
    @DisplayName("null and empty string count as absent")
    class NullAndEmpty {

        static Stream<Arguments> optionalMembersWithNulls() {
            List<String> members = new ArrayList<>(OPTIONAL_STRING_MEMBERS);
            members.addAll(List.of("contacts", "jwks"));
            return members.stream().flatMap(m -> Stream.of(Arguments.of(m, "Java null"),
                    Arguments.of(m, "JsonValues.NULL")));
        }

        @ParameterizedTest(name = "{0} = {1} registers with {0} absent")
        @MethodSource("optionalMembersWithNulls")
        void aNullOptionalMemberIsAbsent(String member, String spelling) {
            Object nullValue = spelling.equals("Java null") ? null : JsonValues.NULL;

            Map<String, Object> response = accepted(body(member, nullValue)).toResponseMap();

            assertThat(response).doesNotContainKey(member).doesNotContainValue(null)
                    .doesNotContainValue(JsonValues.NULL);
        }

        @ParameterizedTest(name = "{0} = \"\" registers with {0} absent")
        @MethodSource("dev.mcpoauth.core.registration.ClientMetadataValidationTest#optionalStringMembers")
        void anEmptyOptionalStringIsAbsent(String member) {
            ClientRegistration registration = accepted(body(member, ""));

            assertThat(registration.toResponseMap()).doesNotContainKey(member);
            assertThat(registration.client().metadata().toMap()).doesNotContainKey(member);
        }

        @Test
        void anEmptyOrNullAuthMethodGetsTheDefault() {
            assertThat(accepted(body("token_endpoint_auth_method", "")).client().metadata()
                    .tokenEndpointAuthMethod()).isEqualTo("none");
            assertThat(accepted(body("token_endpoint_auth_method", null)).client().metadata()
                    .tokenEndpointAuthMethod()).isEqualTo("none");
        }

        @Test
        void nullGrantAndResponseTypesGetTheDefaults() {
            ClientMetadata metadata = accepted(body("grant_types", null, "response_types", JsonValues.NULL))
                    .client().metadata();

            assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
            assertThat(metadata.responseTypes()).containsExactly("code");
        }

        @Test
        void anEmptyOrNullApplicationTypeIsInferred() {
            assertThat(accepted(body("application_type", "", "redirect_uris", List.of("http://localhost/cb")))
                    .client().metadata().applicationType()).isEqualTo("native");
            assertThat(accepted(body("application_type", null)).client().metadata().applicationType())
                    .isEqualTo("web");
        }

        @Test
        void duplicateContactsAreDroppedInOrder() {
            assertThat(accepted(body("contacts", List.of("b@example.com", "a@example.com", "b@example.com")))
                    .client().metadata().contacts()).hasValue(List.of("b@example.com", "a@example.com"));
        }

        @Test
        void anEmptyContactsListIsKeptAndDiffersFromAbsent() {
            assertThat(accepted(body("contacts", List.of())).client().metadata().contacts()).contains(List.of());
            assertThat(accepted(body()).client().metadata().contacts()).isEmpty();
        }
    }

    static Stream<String> optionalStringMembers() {
        return OPTIONAL_STRING_MEMBERS.stream();
    }

    @Nested
    @DisplayName("redirect_uris")
    class RedirectUris {

        @Test
        void missingRedirectUrisAreRefused() {
            assertRefusal(refused(body("redirect_uris", ABSENT)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
        }

        @Test
        void nullRedirectUrisAreRefusedAsMissing() {
            assertRefusal(refused(body("redirect_uris", null)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
            assertRefusal(refused(body("redirect_uris", JsonValues.NULL)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
        }

        @Test
        void anEmptyRedirectUriListIsRefused() {
            assertRefusal(refused(body("redirect_uris", List.of())), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "https://client.example.com/callback",
                "https://client.example.com:8443/oauth/callback?tenant=a&x=%20y",
                "HTTPS://Client.Example.COM/Callback",
                "https://localhost/callback",
                "http://localhost",
                "http://localhost/",
                "http://localhost:1/cb",
                "http://localhost:65535/cb",
                "http://LocalHost:3000/cb",
                "HTTP://LOCALHOST:3000/cb",
                "http://127.0.0.1",
                "http://127.0.0.1:33418/oauth/callback",
                "http://127.0.0.1/cb?state=abc&next=%2Fhome",
                "http://[::1]/cb",
                "http://[::1]:8080/cb",
                "http://[0:0:0:0:0:0:0:1]/cb",
                "http://[0000:0000:0000:0000:0000:0000:0000:0001]:9/cb",
                "http://[::0:1]/cb",
                "http://[0::1]:1234",
                "cursor://anysphere.cursor-retrieval/oauth/user-myserver/callback",
                "vscode://vscode.github-authentication/did-authenticate",
                "com.example.app:/oauth2redirect",
                "com.example.app:oauth2redirect",
        })
        void anAllowedRedirectUriRegistersAndIsEchoedExactlyAsSent(String uri) {
            ClientRegistration registration = accepted(body("redirect_uris", List.of(uri)));

            assertThat(redirectUrisOf(registration)).containsExactly(uri);
            assertThat(registration.toResponseMap()).containsEntry("redirect_uris", List.of(uri));
        }

        static Stream<Arguments> badRedirectUris() {
            return Stream.of(
                    Arguments.of("empty", ""),
                    Arguments.of("relative path", "/callback"),
                    Arguments.of("no scheme", "client.example.com/callback"),
                    Arguments.of("unparseable space", "https://client .example.com/cb"),
                    Arguments.of("unparseable bracket", "https://client.example.com/[cb"),
                    Arguments.of("unparseable percent", "https://client.example.com/%zz"),
                    Arguments.of("scheme only", "cursor:"),
                    Arguments.of("leading space", " https://client.example.com/cb"),
                    Arguments.of("trailing space", "https://client.example.com/cb "),
                    Arguments.of("trailing tab", "https://client.example.com/cb\t"),
                    Arguments.of("trailing newline", "https://client.example.com/cb\n"),
                    Arguments.of("CR LF injection", "https://client.example.com/cb\r\nSet-Cookie: a=b"),
                    Arguments.of("NUL", "https://client.example.com/c\u0000b"),
                    Arguments.of("DEL", "https://client.example.com/c\u007fb"),
                    Arguments.of("C1 control", "https://client.example.com/c\u0085b"),
                    Arguments.of("line separator", "https://client.example.com/c\u2028b"),
                    Arguments.of("no-break space", "https://client.example.com/cb\u00a0"),
                    Arguments.of("fragment", "https://client.example.com/cb#section"),
                    Arguments.of("bare #", "https://client.example.com/cb#"),
                    Arguments.of("loopback with bare #", "http://127.0.0.1:3000/cb#"),
                    Arguments.of("private-use with fragment", "cursor://callback#x"),
                    Arguments.of("userinfo", "https://user@client.example.com/cb"),
                    Arguments.of("userinfo with password", "https://user:pass@client.example.com/cb"),
                    Arguments.of("loopback userinfo", "http://user@127.0.0.1/cb"),
                    Arguments.of("private-use userinfo", "cursor://user:pw@host/cb"),
                    Arguments.of("private-use userinfo, registry authority", "cursor://user@some_host/cb"),
                    Arguments.of("https without host", "https:///cb"),
                    Arguments.of("https opaque", "https:client.example.com"),
                    Arguments.of("https port only", "https://:443/cb"),
                    Arguments.of("http to a remote host", "http://client.example.com/callback"),
                    Arguments.of("http without host", "http:///cb"),
                    Arguments.of("127.0.0.2", "http://127.0.0.2/cb"),
                    Arguments.of("127.1", "http://127.1/cb"),
                    Arguments.of("0.0.0.0", "http://0.0.0.0:8080/cb"),
                    Arguments.of("localhost.evil.com", "http://localhost.evil.com/cb"),
                    Arguments.of("127.0.0.1.nip.io", "http://127.0.0.1.nip.io/cb"),
                    Arguments.of("evil-localhost", "http://evillocalhost/cb"),
                    Arguments.of("[::2]", "http://[::2]/cb"),
                    Arguments.of("[1::1]", "http://[1::1]/cb"),
                    Arguments.of("[::1%25lo]", "http://[::1%25lo]/cb"),
                    Arguments.of("right-to-left override", "https://client.example.com/\u202egpj.exe"),
                    Arguments.of("zero-width space", "cursor://callback\u200b/cb"),
                    Arguments.of("loopback port above 65535", "http://127.0.0.1:65536/cb"),
                    Arguments.of("https port above 65535", "https://client.example.com:99999/cb"));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("badRedirectUris")
        void aBadRedirectUriIsRefusedNamingTheEntry(String why, String uri) {
            RegistrationException e = refused(body("redirect_uris", List.of(WEB_REDIRECT, uri)));

            assertRefusal(e, RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[1]");
        }

        static Stream<String> forbiddenSchemeUris() {
            return Stream.of("javascript:alert(1)", "JavaScript:alert(document.cookie)", "javascript://x/%0aalert(1)",
                    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                    "about:blank", "blob:https://client.example.com/5d1a", "ftp://client.example.com/cb",
                    "ws://localhost:3000/cb", "wss://client.example.com/cb", "WSS://client.example.com/cb");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forbiddenSchemeUris")
        void aForbiddenSchemeIsRefusedUnderTheDefaultPolicy(String uri) {
            assertRefusal(refused(body("redirect_uris", List.of(uri))), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris[0]");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forbiddenSchemeUris")
        void aForbiddenSchemeIsRefusedEvenWhenThePolicyListsItAsPrivateUse(String uri) {
            RegistrationPolicy permissive = openPolicy().privateUseSchemesAllowed(true)
                    .allowedPrivateUseSchemes(Set.copyOf(FORBIDDEN_SCHEMES)).build();

            assertRefusal(refused(permissive, body("redirect_uris", List.of(uri))),
                    RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
        }

        @Test
        void duplicatesAreDroppedKeepingTheFirstOrder() {
            List<String> sent = List.of("http://127.0.0.1/b", "http://127.0.0.1/a", "http://127.0.0.1/b",
                    "cursor://c", "http://127.0.0.1/a");

            assertThat(redirectUrisOf(accepted(body("redirect_uris", sent))))
                    .containsExactly("http://127.0.0.1/b", "http://127.0.0.1/a", "cursor://c");
        }

        @Test
        void urisDifferingOnlyInCaseAreBothKeptAsSent() {
            List<String> sent = List.of("https://client.example.com/cb", "HTTPS://CLIENT.example.com/cb");

            assertThat(redirectUrisOf(accepted(body("redirect_uris", sent)))).containsExactlyElementsOf(sent);
        }

        @Nested
        @DisplayName("with a redirect host allowlist")
        class HostAllowlist {

            final RegistrationPolicy policy = openPolicy()
                    .allowedRedirectHosts(Set.of("app.example.com", "*.tenant.example.org")).build();

            @ParameterizedTest(name = "{0}")
            @ValueSource(strings = {"https://app.example.com/cb", "https://APP.Example.COM:443/cb",
                    "https://a.tenant.example.org/cb", "https://x.y.tenant.example.org/cb",
                    "HTTPS://B.TENANT.EXAMPLE.ORG/cb", "http://localhost:9999/cb", "http://[::1]/cb",
                    "https://127.0.0.1/cb", "cursor://callback"})
            void allowedHostsWildcardSubdomainsLoopbackAndPrivateUseRegister(String uri) {
                assertThat(redirectUrisOf(accepted(policy, body("redirect_uris", List.of(uri)))))
                        .containsExactly(uri);
            }

            @ParameterizedTest(name = "{0}")
            @ValueSource(strings = {"https://evil.example.com/cb", "https://tenant.example.org/cb",
                    "https://app.example.com.evil.com/cb", "https://eviltenant.example.org/cb",
                    "https://a.tenant.example.org.evil.com/cb", "https://example.com/cb"})
            void hostsOutsideTheAllowlistAreRefused(String uri) {
                assertRefusal(refused(policy, body("redirect_uris", List.of(uri))),
                        RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
            }
        }

        @Nested
        @DisplayName("private-use schemes")
        class PrivateUseSchemes {

            @Test
            void areAllowedByDefault() {
                assertThat(redirectUrisOf(accepted(body("redirect_uris", List.of("cursor://cb")))))
                        .containsExactly("cursor://cb");
            }

            @Test
            void areRefusedWhenSwitchedOff() {
                RegistrationPolicy off = openPolicy().privateUseSchemesAllowed(false).build();

                assertRefusal(refused(off, body("redirect_uris", List.of("cursor://cb"))),
                        RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
                assertThat(redirectUrisOf(accepted(off, body("redirect_uris", List.of("http://localhost/cb")))))
                        .containsExactly("http://localhost/cb");
            }

            @Test
            void areLimitedToTheListWhenRestrictedComparingCaseInsensitively() {
                RegistrationPolicy restricted = openPolicy().allowedPrivateUseSchemes(Set.of("Cursor")).build();

                assertThat(redirectUrisOf(accepted(restricted, body("redirect_uris", List.of("CURSOR://cb")))))
                        .containsExactly("CURSOR://cb");
                assertRefusal(refused(restricted, body("redirect_uris", List.of("vscode://cb"))),
                        RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
            }

            @ParameterizedTest(name = "{0}")
            @ValueSource(strings = {"com.example.app:/oauth2redirect", "com.example.app://callback",
                    "cursor://anysphere.cursor-retrieval/oauth/callback", "vscode://vscode.github-authentication/cb",
                    "myapp://callback", "myapp://callback/path?x=1", "x-custom://host"})
            void aReverseDomainSchemeOrAHostBearingUriIsAPrivateUseRedirect(String uri) {
                assertThat(redirectUrisOf(accepted(body("redirect_uris", List.of(uri))))).containsExactly(uri);
            }

            static Stream<String> registeredNonRedirectSchemes() {
                return Stream.of("mailto:a@example.com", "MAILTO:a@example.com", "tel:+15551234567",
                        "sms:+15551234567?body=hello", "smsto:+15551234567", "geo:0,0", "geo:37.786971,-122.399677",
                        "intent:com.example.app", "intent://scan/",
                        "intent://callback/oauth?package=com.evil", "market://details?id=com.example.app",
                        "mailto://a@example.com", "tel://+15551234567", "sip:alice@example.com",
                        "webcal://example.com/cal.ics", "magnet:?xt=urn:btih:abc", "urn:ietf:wg:oauth:2.0:oob",
                        "itms-apps://apps.apple.com/app/id1", "content://com.example.provider/cb");
            }

            @ParameterizedTest(name = "{0}")
            @MethodSource("registeredNonRedirectSchemes")
            void aRegisteredSchemeThatIsNotARedirectTargetIsRefusedNamingTheEntry(String uri) {
                RegistrationException e = refused(body("redirect_uris", List.of(WEB_REDIRECT, uri)));

                assertRefusal(e, RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[1]");
                assertThat(e.description()).contains(uri.substring(0, uri.indexOf(':')));
            }

            @ParameterizedTest(name = "{0}")
            @MethodSource("registeredNonRedirectSchemes")
            void aRegisteredSchemeThatIsNotARedirectTargetIsRefusedEvenWhenThePolicyListsIt(String uri) {
                String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
                RegistrationPolicy listed = openPolicy().allowedPrivateUseSchemes(Set.of(scheme)).build();

                assertRefusal(refused(listed, body("redirect_uris", List.of(uri))),
                        RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
            }

            @ParameterizedTest(name = "{0}")
            @ValueSource(strings = {"myapp:callback", "myapp:/callback", "myapp:///callback", "cursor:/cb",
                    "x-app:oauth?code=1"})
            void aDotlessSchemeWithoutAHostIsRefusedAsNotPrivateUse(String uri) {
                RegistrationException e = refused(body("redirect_uris", List.of(uri)));

                assertRefusal(e, RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
                assertThat(e.description()).contains("RFC 8252 §7.1");
            }
        }
    }

    @Nested
    @DisplayName("application_type")
    class ApplicationType {

        @ParameterizedTest(name = "{0} ⇒ {1}")
        @MethodSource("inferences")
        void isInferredFromTheRedirectUrisWhenAbsent(List<String> uris, String expected) {
            assertThat(accepted(body("redirect_uris", uris)).client().metadata().applicationType())
                    .isEqualTo(expected);
        }

        static Stream<Arguments> inferences() {
            return Stream.of(
                    Arguments.of(List.of("https://client.example.com/cb"), "web"),
                    Arguments.of(List.of("http://localhost:3000/cb"), "native"),
                    Arguments.of(List.of("http://[::1]/cb"), "native"),
                    Arguments.of(List.of("cursor://cb"), "native"),
                    Arguments.of(List.of("https://client.example.com/cb", "http://127.0.0.1/cb"), "native"),
                    Arguments.of(List.of("https://client.example.com/cb", "com.example.app:/cb"), "native"));
        }

        @Test
        void anExplicitValueIsKept() {
            assertThat(accepted(body("application_type", "native")).client().metadata().applicationType())
                    .isEqualTo("native");
            assertThat(accepted(body("application_type", "web", "redirect_uris", List.of("http://localhost/cb")))
                    .client().metadata().applicationType()).isEqualTo("web");
        }

        @Test
        void explicitWebWithAPrivateUseSchemeIsAnInvalidRedirectUri() {
            RegistrationException e = refused(body("application_type", "web",
                    "redirect_uris", List.of("https://client.example.com/cb", "cursor://cb")));

            assertRefusal(e, RegistrationError.INVALID_REDIRECT_URI, "cursor://cb");
            assertThat(e.description()).contains("application_type");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"desktop", "WEB", "Native", "web ", "browser"})
        void anyOtherValueIsRefused(String value) {
            assertRefusal(refused(body("application_type", value)), RegistrationError.INVALID_CLIENT_METADATA,
                    "application_type");
        }
    }

    @Nested
    @DisplayName("URL metadata")
    class UrlMetadata {

        static Stream<Arguments> goodUrls() {
            return URL_MEMBERS.stream().flatMap(m -> Stream.of("https://client.example.com/x",
                    "HTTPS://Client.Example.com/x?y=1", "http://localhost:3000/x", "http://127.0.0.1/x",
                    "http://[::1]/x").map(u -> Arguments.of(m, u)));
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("goodUrls")
        void httpsOrLoopbackHttpIsAcceptedAndEchoed(String member, String url) {
            assertThat(accepted(body(member, url)).toResponseMap()).containsEntry(member, url);
        }

        static Stream<Arguments> badUrls() {
            return URL_MEMBERS.stream().flatMap(m -> Stream.of("javascript:alert(1)",
                    "JAVASCRIPT:alert(document.domain)", "data:image/svg+xml,<svg onload=alert(1)>",
                    "vbscript:x", "http://client.example.com/x", "http://127.0.0.2/x", "ftp://client.example.com/x",
                    "file:///etc/passwd", "not a url", "/relative/logo.png", "client.example.com/x", "https:///x",
                    "https://user:pw@client.example.com/x", "cursor://x").map(u -> Arguments.of(m, u)));
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("badUrls")
        void anythingElseIsInvalidClientMetadata(String member, String url) {
            assertRefusal(refused(body(member, url)), RegistrationError.INVALID_CLIENT_METADATA, member);
        }

        @Test
        void aJavascriptLogoIsRefused() {
            assertRefusal(refused(body("logo_uri", "javascript:alert(1)")), RegistrationError.INVALID_CLIENT_METADATA,
                    "logo_uri");
        }

        @Test
        void jwksUriMustBeHttps() {
            assertThat(accepted(body("jwks_uri", "https://client.example.com/jwks")).client().metadata().jwksUri())
                    .contains("https://client.example.com/jwks");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"http://localhost/jwks", "http://127.0.0.1:8080/jwks", "http://client.example.com/jwks",
                "javascript:alert(1)", "file:///jwks.json", "jwks.json"})
        void jwksUriThatIsNotHttpsIsRefusedEvenOnLoopback(String url) {
            assertRefusal(refused(body("jwks_uri", url)), RegistrationError.INVALID_CLIENT_METADATA, "jwks_uri");
        }
    }

    @Nested
    @DisplayName("grant and response types")
    class GrantAndResponseTypes {

        @Test
        void vsCodesDeviceCodeGrantIsDroppedAndTheClientRegisters() {
            ClientMetadata metadata = accepted(body("grant_types", List.of("authorization_code", "refresh_token",
                    "urn:ietf:params:oauth:grant-type:device_code"))).client().metadata();

            assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
        }

        @Test
        void claudeAisJwtBearerGrantIsDroppedAndTheClientRegisters() {
            ClientMetadata metadata = accepted(body("grant_types", List.of("authorization_code",
                    "urn:ietf:params:oauth:grant-type:jwt-bearer", "refresh_token"))).client().metadata();

            assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
        }

        @Test
        void grantsOutsideThePolicySetAreDropped() {
            RegistrationPolicy codeOnly = openPolicy().grantTypes(Set.of("authorization_code")).build();

            assertThat(accepted(codeOnly, body("grant_types", List.of("refresh_token", "authorization_code")))
                    .client().metadata().grantTypes()).containsExactly("authorization_code");
        }

        @Test
        void duplicateGrantsAreDropped() {
            assertThat(accepted(body("grant_types", List.of("authorization_code", "refresh_token",
                    "authorization_code"))).client().metadata().grantTypes())
                    .containsExactly("authorization_code", "refresh_token");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("grantsWithoutAuthorizationCode")
        void authorizationCodeMustRemain(List<String> grants) {
            assertRefusal(refused(body("grant_types", grants)), RegistrationError.INVALID_CLIENT_METADATA,
                    "grant_types");
        }

        static Stream<List<String>> grantsWithoutAuthorizationCode() {
            return Stream.of(List.of(), List.of("refresh_token"), List.of("client_credentials"),
                    List.of("urn:ietf:params:oauth:grant-type:device_code"), List.of("implicit", "password"));
        }

        @Test
        void unsupportedResponseTypesAreDroppedKeepingCode() {
            assertThat(accepted(body("response_types", List.of("token", "code", "id_token", "code")))
                    .client().metadata().responseTypes()).containsExactly("code");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("responseTypesWithoutCode")
        void codeIsNeededForTheAuthorizationCodeGrant(List<String> responseTypes) {
            assertRefusal(refused(body("response_types", responseTypes)), RegistrationError.INVALID_CLIENT_METADATA,
                    "response_types");
        }

        static Stream<List<String>> responseTypesWithoutCode() {
            return Stream.of(List.of(), List.of("token"), List.of("code id_token"), List.of("none"));
        }
    }

    @Nested
    @DisplayName("defaults")
    class Defaults {

        @Test
        void aBodyWithOnlyRedirectUrisGetsCodeGrantsCodeResponsesAndNoAuthMethod() {
            ClientRegistration registration = accepted(body());
            ClientMetadata metadata = registration.client().metadata();

            assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
            assertThat(metadata.responseTypes()).containsExactly("code");
            assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("none");
            assertThat(metadata.applicationType()).isEqualTo("web");
            assertThat(registration.clientSecret()).isEmpty();
            assertThat(registration.toResponseMap()).containsOnlyKeys("client_id", "client_id_issued_at",
                    "registration_access_token", "redirect_uris", "token_endpoint_auth_method", "grant_types",
                    "response_types", "application_type");
        }

        @Test
        void defaultGrantsFollowThePolicy() {
            RegistrationPolicy codeOnly = openPolicy().grantTypes(Set.of("authorization_code")).build();

            assertThat(accepted(codeOnly, body()).client().metadata().grantTypes())
                    .containsExactly("authorization_code");
        }
    }

    @Nested
    @DisplayName("registered values are case-sensitive")
    class CaseSensitivity {

        @ParameterizedTest(name = "token_endpoint_auth_method = {0}")
        @ValueSource(strings = {"NONE", "None", "Client_Secret_Basic", "CLIENT_SECRET_POST"})
        void authMethodsInAnotherCaseAreRefused(String method) {
            assertRefusal(refused(body("token_endpoint_auth_method", method)),
                    RegistrationError.INVALID_CLIENT_METADATA, "token_endpoint_auth_method");
        }

        @Test
        void grantTypesInAnotherCaseAreNotAuthorizationCode() {
            assertRefusal(refused(body("grant_types", List.of("AUTHORIZATION_CODE", "Refresh_Token"))),
                    RegistrationError.INVALID_CLIENT_METADATA, "grant_types");
        }

        @Test
        void responseTypesInAnotherCaseAreNotCode() {
            assertRefusal(refused(body("response_types", List.of("CODE"))), RegistrationError.INVALID_CLIENT_METADATA,
                    "response_types");
        }
    }

    @Nested
    @DisplayName("language-tagged members (RFC 7591 §2.2)")
    class LanguageTags {

        @Test
        void taggedNamesAndUrlsAreStoredAndEchoed() {
            ClientRegistration registration = accepted(body("client_name", "Client", "client_name#ja", "クライアント",
                    "client_name#en-US", "Client (US)", "logo_uri#fr", "https://client.example.com/fr/logo.png",
                    "tos_uri#de", "http://localhost:8080/de/agb", "client_uri#pt-BR", "https://client.example.com/br",
                    "policy_uri#es", "https://client.example.com/es/privacidad"));

            assertThat(registration.client().metadata().localizedValues()).containsOnly(
                    Map.entry("client_name#ja", "クライアント"), Map.entry("client_name#en-US", "Client (US)"),
                    Map.entry("logo_uri#fr", "https://client.example.com/fr/logo.png"),
                    Map.entry("tos_uri#de", "http://localhost:8080/de/agb"),
                    Map.entry("client_uri#pt-BR", "https://client.example.com/br"),
                    Map.entry("policy_uri#es", "https://client.example.com/es/privacidad"));
            assertThat(registration.toResponseMap()).containsEntry("client_name#ja", "クライアント")
                    .containsEntry("logo_uri#fr", "https://client.example.com/fr/logo.png");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("badTaggedValues")
        void taggedMembersAreValidatedLikeTheirBase(String member, Object value) {
            assertRefusal(refused(body(member, value)), RegistrationError.INVALID_CLIENT_METADATA, member);
        }

        static Stream<Arguments> badTaggedValues() {
            return Stream.of(
                    Arguments.of("logo_uri#fr", "javascript:alert(1)"),
                    Arguments.of("client_uri#de", "http://client.example.com/"),
                    Arguments.of("tos_uri#en", "data:text/html,x"),
                    Arguments.of("policy_uri#ja", "/privacy"),
                    Arguments.of("client_name#ja", 42),
                    Arguments.of("client_name#ja", List.of("x")),
                    Arguments.of("client_name#ja", "line\nbreak"),
                    Arguments.of("client_name#ja", repeat('x', 1025)));
        }

        @Test
        void anEmptyOrNullTaggedValueIsAbsent() {
            assertThat(accepted(body("client_name#ja", "", "logo_uri#fr", null)).client().metadata()
                    .localizedValues()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"client_name#", "client_name#ja_JP", "client_name#ja JP", "logo_uri#<script>",
                "client_name#toolongsubtag"})
        void aMalformedLanguageTagIsRefused(String member) {
            assertThat(refused(body(member, "x")).error()).isEqualTo(RegistrationError.INVALID_CLIENT_METADATA);
        }

        @Test
        void tagsOnMembersThatAreNotHumanReadableAreUnknownAndIgnored() {
            ClientRegistration registration = accepted(body("scope#ja", 42, "redirect_uris#fr", "x"));

            assertThat(registration.toResponseMap()).doesNotContainKeys("scope#ja", "redirect_uris#fr");
            assertThat(registration.client().metadata().localizedValues()).isEmpty();
        }
    }

    @Nested
    @DisplayName("members the server chooses, and unknown members")
    class IgnoredMembers {

        static final List<String> SERVER_CHOSEN = List.of("client_id", "client_secret", "client_id_issued_at",
                "client_secret_expires_at", "registration_access_token", "registration_client_uri",
                "software_statement");

        @Test
        void serverChosenMembersSentByTheClientAreNeitherStoredNorEchoed() {
            ClientRegistration registration = accepted(body("client_id", "chosen-by-client",
                    "client_secret", "client-secret", "client_id_issued_at", 1, "client_secret_expires_at", 1,
                    "registration_access_token", "client-token", "registration_client_uri", "https://evil.example/r",
                    "software_statement", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
            Map<String, Object> response = registration.toResponseMap();

            assertThat(registration.client().clientId()).isNotEqualTo("chosen-by-client");
            assertThat(response).containsEntry("client_id", registration.client().clientId())
                    .containsEntry("client_id_issued_at", NOW.getEpochSecond())
                    .doesNotContainKeys("client_secret", "client_secret_expires_at", "registration_client_uri",
                            "software_statement")
                    .doesNotContainValue("client-token").doesNotContainValue("client-secret");
            assertThat(registration.client().clientSecretHash()).isEmpty();
            assertThat(registration.client().metadata().toMap()).doesNotContainKeys(SERVER_CHOSEN.toArray(String[]::new));
        }

        @Test
        void serverChosenMembersOfAnyTypeAreIgnored() {
            assertThat(accepted(body("client_id", 5, "client_secret", Map.of(), "client_id_issued_at", "x",
                    "software_statement", List.of(1))).client().clientId()).isNotEmpty();
        }

        @Test
        void unknownMembersAreNeitherStoredNorEchoed() {
            ClientRegistration registration = accepted(body("x-vendor-extension", "y",
                    "post_logout_redirect_uris", List.of("javascript:alert(1)"), "require_auth_time", true,
                    "default_max_age", 3600, "nested", Map.of("a", List.of(1, Map.of()))));

            assertThat(registration.toResponseMap()).doesNotContainKeys("x-vendor-extension",
                    "post_logout_redirect_uris", "require_auth_time", "default_max_age", "nested");
            assertThat(registration.client().metadata().toMap()).doesNotContainKeys("x-vendor-extension", "nested");
        }
    }

    @Nested
    @DisplayName("jwks")
    class Jwks {

        final Map<String, Object> jwks = Map.of("keys", List.of(Map.of("kty", "RSA", "n", "0vx7", "e", "AQAB")));

        @Test
        void jwksAloneOrJwksUriAloneRegisters() {
            assertThat(accepted(body("jwks", jwks)).client().metadata().jwks()).contains(jwks);
            assertThat(accepted(body("jwks_uri", "https://client.example.com/jwks")).client().metadata().jwks())
                    .isEmpty();
        }

        @Test
        void jwksAndJwksUriTogetherAreRefused() {
            RegistrationException e = refused(body("jwks", jwks, "jwks_uri", "https://client.example.com/jwks"));

            assertRefusal(e, RegistrationError.INVALID_CLIENT_METADATA, "jwks_uri");
            assertThat(e.description()).contains("jwks ");
        }

        @Test
        void aJwksWithoutAKeysArrayIsRefused() {
            assertRefusal(refused(body("jwks", Map.of("kty", "RSA"))), RegistrationError.INVALID_CLIENT_METADATA,
                    "jwks");
        }

        @Test
        void aJwksOf100KeysRegistersButOf101IsRefused() {
            List<Object> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add(Map.of("kty", "oct", "kid", "k" + i));
            }
            assertThat(accepted(body("jwks", Map.of("keys", keys))).client().metadata().jwks()).isPresent();
            keys.add(Map.of("kty", "oct"));
            assertRefusal(refused(body("jwks", Map.of("keys", keys))), RegistrationError.INVALID_CLIENT_METADATA,
                    "jwks");
        }

        @Test
        void aHugeJwksIsRefused() {
            Map<String, Object> key = Map.of("kty", "RSA", "n", repeat('n', 70_000), "e", "AQAB");

            assertRefusal(refused(body("jwks", Map.of("keys", List.of(key)))), RegistrationError.INVALID_CLIENT_METADATA,
                    "jwks");
        }

        @Test
        void aJwksWhoseKeysAreNotObjectsIsRefused() {
            assertRefusal(refused(body("jwks", Map.of("keys", List.of("not-a-key")))),
                    RegistrationError.INVALID_CLIENT_METADATA, "jwks");
        }

        @Test
        void aDeeplyNestedJwksIsRefusedWithoutOverflowingTheStack() {
            Object deep = "leaf";
            for (int i = 0; i < 100_000; i++) {
                deep = List.of(deep);
            }
            assertRefusal(refused(body("jwks", Map.of("keys", List.of(Map.of("x", deep))))),
                    RegistrationError.INVALID_CLIENT_METADATA, "jwks");
        }
    }

    @Nested
    @DisplayName("token_endpoint_auth_method")
    class AuthMethods {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"none", "client_secret_basic", "client_secret_post"})
        void methodsInTheDefaultSetRegister(String method) {
            assertThat(accepted(body("token_endpoint_auth_method", method)).client().metadata()
                    .tokenEndpointAuthMethod()).isEqualTo(method);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"private_key_jwt", "client_secret_jwt", "tls_client_auth", "unknown"})
        void methodsOutsideTheSetAreRefused(String method) {
            assertRefusal(refused(body("token_endpoint_auth_method", method)),
                    RegistrationError.INVALID_CLIENT_METADATA, "token_endpoint_auth_method");
        }

        @Test
        void thePolicyCanNarrowTheSet() {
            RegistrationPolicy publicOnly = openPolicy().authMethods(Set.of("none")).build();

            assertRefusal(refused(publicOnly, body("token_endpoint_auth_method", "client_secret_post")),
                    RegistrationError.INVALID_CLIENT_METADATA, "token_endpoint_auth_method");
            assertThat(accepted(publicOnly, body()).client().metadata().tokenEndpointAuthMethod()).isEqualTo("none");
        }
    }

    @Nested
    @DisplayName("size limits")
    class SizeLimits {

        static List<String> loopbackUris(int count) {
            return IntStream.rangeClosed(1, count).mapToObj(i -> "http://127.0.0.1:" + i + "/cb").toList();
        }

        static String uriOfLength(int length) {
            String prefix = "https://client.example.com/";
            return prefix + repeat('p', length - prefix.length());
        }

        @Test
        void twentyRedirectUrisRegisterButTwentyOneAreRefused() {
            assertThat(redirectUrisOf(accepted(body("redirect_uris", loopbackUris(20))))).hasSize(20);
            assertRefusal(refused(body("redirect_uris", loopbackUris(21))), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris");
        }

        @Test
        void aRedirectUriOf2048CharsRegistersButOf2049IsRefused() {
            assertThat(redirectUrisOf(accepted(body("redirect_uris", List.of(uriOfLength(2048)))))).hasSize(1);
            assertRefusal(refused(body("redirect_uris", List.of(uriOfLength(2049)))),
                    RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"client_name", "software_id", "software_version", "scope"})
        void aStringOf1024CharsRegistersButOf1025IsRefused(String member) {
            assertThat(accepted(body(member, repeat('s', 1024))).toResponseMap()).containsKey(member);
            assertRefusal(refused(body(member, repeat('s', 1025))), RegistrationError.INVALID_CLIENT_METADATA, member);
        }

        @Test
        void aUrlMemberOf1025CharsIsRefused() {
            assertRefusal(refused(body("logo_uri", uriOfLength(1025))), RegistrationError.INVALID_CLIENT_METADATA,
                    "logo_uri");
        }

        @Test
        void aContactsListOf100RegistersButOf101IsRefused() {
            List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "c" + i + "@example.com").toList();
            List<String> hundredAndOne = new ArrayList<>(hundred);
            hundredAndOne.add("extra@example.com");

            assertThat(accepted(body("contacts", hundred)).client().metadata().contacts()).hasValue(hundred);
            assertRefusal(refused(body("contacts", hundredAndOne)), RegistrationError.INVALID_CLIENT_METADATA,
                    "contacts");
        }

        @Test
        void aGrantTypesListOf101IsRefusedEvenIfEveryEntryIsValid() {
            List<String> grants = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                grants.add(i % 2 == 0 ? "authorization_code" : "refresh_token");
            }
            assertRefusal(refused(body("grant_types", grants)), RegistrationError.INVALID_CLIENT_METADATA,
                    "grant_types");
        }

        @Test
        void anOverlongContactIsRefused() {
            assertRefusal(refused(body("contacts", List.of(repeat('c', 1025)))),
                    RegistrationError.INVALID_CLIENT_METADATA, "contacts");
        }
    }

    @Nested
    @DisplayName("scope policy")
    class Scopes {

        @Test
        void scopesAreAcceptedAsSentByDefault() {
            assertThat(accepted(body("scope", "openid email  profile mcp:tools")).client().metadata().scope())
                    .contains("openid email  profile mcp:tools");
        }

        @Test
        void anEmptyScopeIsAbsentWhateverThePolicy() {
            RegistrationPolicy reject = openPolicy().scopePolicy(ScopePolicy.REJECT, Set.of("mcp")).build();

            assertThat(accepted(body("scope", "")).client().metadata().scope()).isEmpty();
            assertThat(accepted(reject, body("scope", "")).client().metadata().scope()).isEmpty();
        }

        @Test
        void filterKeepsOnlyAllowedScopesInOrder() {
            RegistrationPolicy filter = openPolicy()
                    .scopePolicy(ScopePolicy.FILTER, Set.of("mcp:tools", "mcp:read")).build();

            assertThat(accepted(filter, body("scope", "openid mcp:read profile mcp:tools mcp:read")).client()
                    .metadata().scope()).contains("mcp:read mcp:tools");
        }

        @Test
        void filterLeavingNothingMakesTheScopeAbsent() {
            RegistrationPolicy filter = openPolicy().scopePolicy(ScopePolicy.FILTER, Set.of("mcp:tools")).build();

            assertThat(accepted(filter, body("scope", "openid email profile")).toResponseMap())
                    .doesNotContainKey("scope");
        }

        @Test
        void rejectRefusesAnUnknownScopeNamingIt() {
            RegistrationPolicy reject = openPolicy().scopePolicy(ScopePolicy.REJECT, Set.of("mcp:tools")).build();

            RegistrationException e = refused(reject, body("scope", "mcp:tools admin"));

            assertRefusal(e, RegistrationError.INVALID_CLIENT_METADATA, "scope");
            assertThat(e.description()).contains("admin");
        }

        @Test
        void rejectAcceptsKnownScopes() {
            RegistrationPolicy reject = openPolicy().scopePolicy(ScopePolicy.REJECT, Set.of("mcp:tools", "mcp")).build();

            assertThat(accepted(reject, body("scope", "mcp mcp:tools")).client().metadata().scope())
                    .contains("mcp mcp:tools");
        }

        @Test
        void aScopeWithAControlCharacterIsRefused() {
            assertRefusal(refused(body("scope", "mcp\u0000tools")), RegistrationError.INVALID_CLIENT_METADATA,
                    "scope");
        }
    }

    @Nested
    @DisplayName("error descriptions")
    class ErrorDescriptions {

        static final String HUGE = repeat('A', 1_000_000);

        @Test
        void aHugeRedirectUriIsNotEchoed() {
            RegistrationException e = refused(body("redirect_uris", List.of("https://client.example.com/" + HUGE)));

            assertThat(e.description()).doesNotContain(repeat('A', 100));
        }

        @Test
        void aLongOffendingValueIsCutToABoundedPrefix() {
            String uri = "https://client.example.com/" + repeat('p', 1500) + "#fragment";

            RegistrationException e = refused(body("redirect_uris", List.of(uri)));

            assertRefusal(e, RegistrationError.INVALID_REDIRECT_URI, "redirect_uris[0]");
            assertThat(e.description()).contains("https://client.example.com/").doesNotContain(repeat('p', 100));
        }

        @Test
        void aLongBadApplicationTypeIsCutToABoundedPrefix() {
            RegistrationException e = refused(body("application_type", repeat('w', 1000)));

            assertThat(e.description()).contains("application_type").doesNotContain(repeat('w', 100));
        }

        @Test
        void aRejectedScopeTokenIsCutToABoundedPrefix() {
            RegistrationPolicy reject = openPolicy().scopePolicy(ScopePolicy.REJECT, Set.of("mcp")).build();

            RegistrationException e = refused(reject, body("scope", repeat('z', 1000)));

            assertThat(e.description()).doesNotContain(repeat('z', 100));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://client.example.com/cb\r\nX-Injected: 1", "javascript:alert(1)\n",
                "cursor://cb#\r\n", "http://evil.example\u2028/cb"})
        void lineBreaksInTheOffendingValueNeverReachTheDescription(String uri) {
            RegistrationException e = refused(body("redirect_uris", List.of(uri)));

            assertThat(e.description()).doesNotContain("\r", "\n", "\u2028");
        }

        @Test
        void aLineBreakInAMemberNameNeverReachesTheDescription() {
            RegistrationException e = refused(body("client_name#ja\r\nX", "x"));

            assertThat(e.description()).doesNotContain("\r", "\n");
        }

        @Test
        void aBadEntryDeepInTheListIsNamedByIndex() {
            List<String> uris = new ArrayList<>(List.of("http://127.0.0.1/a", "http://127.0.0.1/b", "cursor://c"));
            uris.add("http://remote.example.com/d");

            assertRefusal(refused(body("redirect_uris", uris)), RegistrationError.INVALID_REDIRECT_URI,
                    "redirect_uris[3]");
        }
    }
}
