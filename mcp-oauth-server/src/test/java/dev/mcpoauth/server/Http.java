package dev.mcpoauth.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small JSON-over-HTTP client for tests against a running server. */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response with its JSON body read as a map (empty when the body is not a JSON object). */
    record Response(int status, HttpResponse<String> raw) {
        Map<String, Object> json() {
            try {
                return JSON.readValue(raw.body(), new TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                throw new AssertionError("not a JSON object: " + raw.body(), e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    private Http() {
    }

    static Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    static Response get(URI uri, String bearerToken) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearerToken).GET());
    }

    static Response delete(URI uri, String bearerToken) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearerToken).DELETE());
    }

    static Response postJson(URI uri, Map<String, ?> body) {
        try {
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A POST of {@code body} as it is, with {@code Content-Type: application/json}: for bodies that are not JSON. */
    static Response postRaw(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any request: {@code method}, an optional bearer token, an optional JSON body. */
    static Response request(String method, URI uri, Optional<String> bearerToken, Optional<Map<String, ?>> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            if (body.isPresent()) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body.get())));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
