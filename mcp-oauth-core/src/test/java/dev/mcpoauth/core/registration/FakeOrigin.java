package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recording {@link MetadataDocumentFetcher}: answers from a table of URLs (404 otherwise) and
 * remembers every request, so a test can prove that something was, or was not, fetched.
 */
final class FakeOrigin implements MetadataDocumentFetcher {

    /** What the origin does for one request. */
    @FunctionalInterface
    interface Answer {
        FetchResponse answer(FetchRequest request) throws MetadataDocumentFetchException;
    }

    final List<FetchRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    FakeOrigin serve(String url, Answer answer) {
        answers.put(url, answer);
        return this;
    }

    FakeOrigin serveDocument(String url, Map<String, ?> document, String... headersAndValues) {
        FetchResponse response = json(200, JsonText.write(document), headersAndValues);
        return serve(url, request -> response);
    }

    static FetchResponse json(int status, String body, String... headersAndValues) {
        return response(status, "application/json", body, headersAndValues);
    }

    static FetchResponse response(int status, String contentType, String body, String... headersAndValues) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        for (int i = 0; i < headersAndValues.length; i += 2) {
            headers.put(headersAndValues[i], List.of(headersAndValues[i + 1]));
        }
        return new FetchResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    int fetches() {
        return requests.size();
    }

    int fetchesOf(String url) {
        synchronized (requests) {
            return (int) requests.stream().filter(r -> r.url().value().equals(url)).count();
        }
    }

    @Override
    public FetchResponse fetch(FetchRequest request) throws MetadataDocumentFetchException {
        requests.add(request);
        Answer answer = answers.get(request.url().value());
        return answer == null ? json(404, "{}") : answer.answer(request);
    }
}
