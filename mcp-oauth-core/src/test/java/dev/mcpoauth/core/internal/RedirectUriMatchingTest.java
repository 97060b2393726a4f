package dev.mcpoauth.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Redirect URI matching at the authorization endpoint (RFC 8252 §7.3)")
class RedirectUriMatchingTest {

    @Nested
    @DisplayName("matches")
    class Matches {

        static Stream<Arguments> matching() {
            return Stream.of(
                    Arguments.of("https://client.example.com/cb", "https://client.example.com/cb"),
                    Arguments.of("https://client.example.com/cb?a=1", "https://client.example.com/cb?a=1"),
                    Arguments.of("cursor://anysphere.cursor-retrieval/cb", "cursor://anysphere.cursor-retrieval/cb"),
                    Arguments.of("com.example.app:/oauth2redirect", "com.example.app:/oauth2redirect"),
                    Arguments.of("http://127.0.0.1/callback", "http://127.0.0.1:54321/callback"),
                    Arguments.of("http://127.0.0.1:3000/callback", "http://127.0.0.1:4000/callback"),
                    Arguments.of("http://127.0.0.1:3000/callback", "http://127.0.0.1/callback"),
                    Arguments.of("http://localhost/cb?x=1", "http://localhost:8080/cb?x=1"),
                    Arguments.of("http://localhost/cb", "http://LOCALHOST:8080/cb"),
                    Arguments.of("http://[::1]/cb", "http://[::1]:1234/cb"),
                    Arguments.of("http://127.0.0.1", "http://127.0.0.1:9"));
        }

        @ParameterizedTest(name = "registered {0}, presented {1}")
        @MethodSource("matching")
        void anExactStringOrALoopbackUriOnAnotherPort(String registered, String presented) {
            assertThat(RedirectUriMatching.matches(registered, presented)).isTrue();
        }
    }

    @Nested
    @DisplayName("does not match")
    class DoesNotMatch {

        static Stream<Arguments> notMatching() {
            return Stream.of(
                    Arguments.of("https://client.example.com/cb", "https://client.example.com:8443/cb"),
                    Arguments.of("https://client.example.com/cb", "https://client.example.com/cb/"),
                    Arguments.of("https://client.example.com/cb", "https://Client.example.com/cb"),
                    Arguments.of("https://client.example.com/cb", "https://client.example.com/cb?x=1"),
                    Arguments.of("https://client.example.com/cb", "https://client.example.com/cb#"),
                    Arguments.of("https://localhost/cb", "https://localhost:8443/cb"),
                    Arguments.of("cursor://cb", "cursor://cb/"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1:5000/other"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb/"),
                    Arguments.of("http://127.0.0.1/cb?x=1", "http://127.0.0.1:5000/cb?x=2"),
                    Arguments.of("http://127.0.0.1/cb?x=1", "http://127.0.0.1:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "http://localhost:5000/cb"),
                    Arguments.of("http://localhost/cb", "http://[::1]:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "https://127.0.0.1:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.2:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1.nip.io:5000/cb"),
                    Arguments.of("http://localhost/cb", "http://localhost.evil.com:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "http://user@127.0.0.1:5000/cb"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb#frag"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb#"),
                    Arguments.of("http://127.0.0.1/cb", "http://127.0.0.1:5000/c b"),
                    Arguments.of("http://127.0.0.1/cb", ""));
        }

        @ParameterizedTest(name = "registered {0}, presented {1}")
        @MethodSource("notMatching")
        void anythingElse(String registered, String presented) {
            assertThat(RedirectUriMatching.matches(registered, presented)).isFalse();
        }
    }
}
