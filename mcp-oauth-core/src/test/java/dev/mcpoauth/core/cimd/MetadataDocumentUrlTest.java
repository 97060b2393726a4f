package dev.mcpoauth.core.cimd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("MetadataDocumentUrl: recognising a CIMD client_id")
class MetadataDocumentUrlTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "https://2130706433/c|names an IP address",
        "https://0177.0.0.1/c|names an IP address",
        "https://0x7f.1/c|names an IP address",
        "https://[::1]/c|names an IP address",
        "https://a.example/%2e%2e/c|dot segment",
        "HTTPS://a.example/c|lower case",
        "https://a.example|no path",
        "https://a.example/|no path",
        "https://a.example/c?x|query",
        "https://a.example/c#x|fragment",
        "https://u@a.example/c|user information"})
    void eachRefusalSaysWhichRuleWithoutEchoingTheValue(String value, String rule) {
        assertThat(MetadataDocumentUrl.parse(value)).isEmpty();
        assertThat(MetadataDocumentUrl.problem(value)).hasValueSatisfying(problem -> {
            assertThat(problem).contains(rule);
            assertThat(problem).doesNotContain("a.example");
        });
    }

    @Test
    void theIdIsKeptExactlyAndItsPartsAreExposed() {
        MetadataDocumentUrl url = MetadataDocumentUrl.parse("https://Client.Example:8443/Path/c.json").orElseThrow();

        assertThat(url.value()).isEqualTo("https://Client.Example:8443/Path/c.json");
        assertThat(url.host()).isEqualTo("client.example");
        assertThat(url.port()).isEqualTo(8443);
        assertThat(url.path()).isEqualTo("/Path/c.json");
        assertThat(MetadataDocumentUrl.parse("https://a.example/c").orElseThrow().port()).isEqualTo(443);
    }

    @Test
    void portsMakeDifferentIds() {
        assertThat(MetadataDocumentUrl.parse("https://a.example:443/c"))
                .isNotEqualTo(MetadataDocumentUrl.parse("https://a.example/c"));
    }

    @Test
    void urlLikeIdsAreRecognisedInAnyCase() {
        assertThat(MetadataDocumentUrl.looksLikeUrl("https://a.example/c")).isTrue();
        assertThat(MetadataDocumentUrl.looksLikeUrl("HTTPS://a.example/c")).isTrue();
        assertThat(MetadataDocumentUrl.looksLikeUrl("http://a.example/c")).isTrue();
        assertThat(MetadataDocumentUrl.looksLikeUrl("dGhpcyBpcyBhbiBpZA")).isFalse();
        assertThat(MetadataDocumentUrl.looksLikeUrl("https:")).isFalse();
    }
}
