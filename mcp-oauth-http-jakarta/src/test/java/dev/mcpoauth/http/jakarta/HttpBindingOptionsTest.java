package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpBindingOptionsTest {

    @Test
    @DisplayName("the defaults are /register, 64 KiB, any origin, no public base URL and no host metadata")
    void defaults() {
        HttpBindingOptions options = HttpBindingOptions.defaults();

        assertThat(options.basePath()).isEqualTo("/register");
        assertThat(options.servletMapping()).isEqualTo("/register/*");
        assertThat(options.maxBodyBytes()).isEqualTo(65536);
        assertThat(options.corsAllowedOrigins()).containsExactly("*");
        assertThat(options.publicBaseUrl()).isEmpty();
        assertThat(options.metadata()).isEmpty();
        assertThat(options.retryAfter()).isPositive();
    }

    @Nested
    @DisplayName("the builder")
    class Builder {

        @Test
        @DisplayName("strips one trailing slash from the public base URL")
        void publicBaseUrlTrailingSlash() {
            assertThat(HttpBindingOptions.builder().publicBaseUrl("https://as.example.com/ctx/").build().publicBaseUrl())
                    .hasValue("https://as.example.com/ctx");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "/", "register", "/register/", "/reg/*", "/reg ister", "/reg?x", "/a%20b", "/a//b",
            "/a;b"})
        @DisplayName("refuses a base path that is not a plain absolute path")
        void refusesBadBasePaths(String basePath) {
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().basePath(basePath));
        }

        @ParameterizedTest
        @ValueSource(strings = {"as.example.com", "ftp://as.example.com", "https://as.example.com?x=1",
                "https://as.example.com#f", "https://user@as.example.com", "javascript:alert(1)"})
        @DisplayName("refuses a public base URL that is not an absolute http(s) URL")
        void refusesBadPublicBaseUrls(String url) {
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().publicBaseUrl(url));
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://a.example/path", "a.example", "null", "https://a.example?x"})
        @DisplayName("refuses a CORS origin that is neither * nor scheme://host[:port]")
        void refusesBadOrigins(String origin) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HttpBindingOptions.builder().corsAllowedOrigins(List.of(origin)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"registration_endpoint", "grant_types_supported", "response_types_supported",
                "token_endpoint_auth_methods_supported", "code_challenge_methods_supported",
                "client_id_metadata_document_supported"})
        @DisplayName("refuses host metadata for the members derived from the registration policy")
        void refusesDerivedMetadata(String member) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HttpBindingOptions.builder().metadataField(member, "x"));
        }

        @Test
        @DisplayName("refuses metadata values that are not JSON values")
        void refusesNonJsonMetadata() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HttpBindingOptions.builder().metadataField("x", Duration.ZERO));
        }

        @Test
        @DisplayName("keeps host metadata in insertion order and immutable")
        void keepsMetadata() {
            HttpBindingOptions options = HttpBindingOptions.builder().issuer("https://as.example.com")
                    .authorizationEndpoint("https://as.example.com/authorize")
                    .metadataFields(Map.of("scopes_supported", List.of("mcp"))).build();

            assertThat(options.metadata()).containsExactly(
                    Map.entry("issuer", "https://as.example.com"),
                    Map.entry("authorization_endpoint", "https://as.example.com/authorize"),
                    Map.entry("scopes_supported", List.of("mcp")));
            assertThatThrownByPut(options);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/register", "/oauth/register", "/v1.0/clients", "/a_b~c-d"})
        @DisplayName("accepts base paths of unreserved characters")
        void acceptsBasePaths(String basePath) {
            assertThat(HttpBindingOptions.builder().basePath(basePath).build().basePath()).isEqualTo(basePath);
        }

        @ParameterizedTest
        @ValueSource(strings = {"as.example.com", "/authorize", "ftp://as.example.com", "https://as.example.com?x=1",
                "https://as.example.com#f", "https://user@as.example.com"})
        @DisplayName("refuses an issuer or endpoint that is not an absolute http(s) URL (RFC 8414 §2)")
        void refusesBadMetadataUrls(String url) {
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().issuer(url));
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().authorizationEndpoint(url));
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().tokenEndpoint(url));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 1023, 16 * 1024 * 1024 + 1})
        @DisplayName("refuses a body cap outside 1 KiB to 16 MiB")
        void refusesBadCap(int cap) {
            assertThatIllegalArgumentException().isThrownBy(() -> HttpBindingOptions.builder().maxBodyBytes(cap));
        }

        private void assertThatThrownByPut(HttpBindingOptions options) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> options.metadata().put("x", "y"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
