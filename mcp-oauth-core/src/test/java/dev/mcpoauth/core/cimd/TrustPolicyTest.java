package dev.mcpoauth.core.cimd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("TrustPolicy: which document URLs a server fetches")
class TrustPolicyTest {

    static MetadataDocumentUrl url(String value) {
        return MetadataDocumentUrl.parse(value).orElseThrow();
    }

    final TrustPolicy policy = TrustPolicy.allowlist(Set.of("claude.ai", "*.vscode.dev"),
            List.of("https://chatgpt.com/oauth/*/client.json"));

    @Test
    void openTrustsEveryValidUrl() {
        assertThat(TrustPolicy.open().trusts(url("https://anything.example/c"))).isTrue();
        assertThat(TrustPolicy.open().isOpen()).isTrue();
    }

    @ParameterizedTest(name = "{0} is trusted")
    @ValueSource(strings = {"https://claude.ai/oauth/x", "https://CLAUDE.ai/x", "https://insiders.vscode.dev/c",
        "https://a.b.vscode.dev/c", "https://chatgpt.com/oauth/abc/client.json"})
    void trusted(String value) {
        assertThat(policy.trusts(url(value))).isTrue();
    }

    @ParameterizedTest(name = "{0} is not trusted")
    @ValueSource(strings = {"https://evil.claude.ai/x", "https://claude.ai.evil.example/x", "https://vscode.dev/c",
        "https://evilvscode.dev/c", "https://chatgpt.com/oauth/a/b/client.json", "https://chatgpt.com/oauth/client.json",
        "https://chatgpt.com/oauth/abc/client.json/x", "https://chatgpt.com:8443/oauth/abc/client.json",
        "https://chatgpt.com/OAUTH/abc/client.json"})
    void notTrusted(String value) {
        assertThat(policy.trusts(url(value))).isFalse();
    }

    @Test
    void malformedEntriesAreProgrammingErrors() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.allowlist(Set.of(), List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.allowlist(Set.of("127.0.0.1"), List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.allowlist(Set.of(), List.of("https://a.example/x*/c")));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.allowlist(Set.of(), List.of("https://*.example/c")));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.allowlist(Set.of(), List.of("http://a.example/c")));
    }
}
