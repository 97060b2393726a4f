package dev.mcpoauth.core.cimd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the origin answered: status, headers and the body bytes (at most the request's cap).
 * Immutable; header names compare case-insensitively.
 */
public final class FetchResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /**
     * @param status the HTTP status code
     * @param headers header values by name, in the order received
     * @param body the body bytes
     */
    public FetchResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = Objects.requireNonNull(body, "body").clone();
    }

    public int status() {
        return status;
    }

    /** All headers, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The values of one header joined with {@code ", "} (RFC 9110 §5.3), or empty when absent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "FetchResponse{status=" + status + ", headers=" + headers.keySet() + ", bytes=" + body.length + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchResponse other && status == other.status && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers.keySet()) * 31 + Arrays.hashCode(body);
    }
}
