package dev.mcpoauth.http.jakarta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deliberately small HTTP/1.1 client over a plain socket, so tests control every byte the
 * server sees: repeated headers, chunked bodies, invalid UTF-8, a declared length with no body.
 * {@link #send} makes one request per connection ({@code Connection: close}); {@link KeptAlive}
 * sends several on one connection.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private RawHttp() {
    }

    /** A request: headers keep their order and may repeat. */
    record Request(String method, String path, List<String[]> headers, byte[] body, boolean chunked,
            Long declaredLength) {
    }

    /** A response: header names compare case-insensitively; repeated headers keep every value. */
    record Response(int status, List<String[]> headers, byte[] body) {

        List<String> headers(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1])
                    .collect(Collectors.toList());
        }

        Optional<String> header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Response send(URI server, Request request) throws IOException {
        try (KeptAlive connection = KeptAlive.open(server)) {
            return connection.send(request, true);
        }
    }

    /**
     * One connection that stays open between requests, as a client's connection pool keeps it:
     * requests carry no {@code Connection: close} and go one after the other.
     */
    static final class KeptAlive implements AutoCloseable {

        private final URI server;
        private final Socket socket;
        private final PushbackInputStream in;

        private KeptAlive(URI server, Socket socket) throws IOException {
            this.server = server;
            this.socket = socket;
            this.in = new PushbackInputStream(socket.getInputStream(), 1);
        }

        static KeptAlive open(URI server) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                return new KeptAlive(server, socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        /** Sends a request on this connection and reads its answer. */
        Response send(Request request) throws IOException {
            return send(request, false);
        }

        /**
         * Sends the request's head, waits up to {@code pause} for an answer (a server that decides
         * from the head alone answers at once), then sends the body and reads the answer: the
         * body arrives as from a slow client, after the server has had a chance to answer.
         */
        Response sendBodyLate(Request request, Duration pause) throws IOException {
            OutputStream out = socket.getOutputStream();
            Request head = new Request(request.method(), request.path(), request.headers(), null, false,
                    request.chunked() ? null : (long) request.body().length);
            List<String[]> headers = new ArrayList<>(request.headers());
            if (request.chunked()) {
                headers.add(new String[] {"Transfer-Encoding", "chunked"});
                head = new Request(request.method(), request.path(), headers, null, false, null);
            }
            write(out, server, head, false);
            socket.setSoTimeout((int) pause.toMillis());
            try {
                int first = in.read();
                if (first >= 0) {
                    in.unread(first);
                }
            } catch (SocketTimeoutException e) {
                // no answer yet: the server is waiting for the body
            } finally {
                socket.setSoTimeout(TIMEOUT_MILLIS);
            }
            try {
                if (request.chunked()) {
                    writeChunked(out, request.body());
                } else {
                    out.write(request.body());
                }
                out.flush();
            } catch (IOException e) {
                // the server answered and closed without the body; read its answer
            }
            return read(in, "HEAD".equals(request.method()));
        }

        private Response send(Request request, boolean close) throws IOException {
            OutputStream out = socket.getOutputStream();
            try {
                write(out, server, request, close);
            } catch (IOException e) {
                // the server may answer (413) and close before the whole body is sent; read its answer
            }
            return read(in, "HEAD".equals(request.method()));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void write(OutputStream out, URI server, Request request, boolean close) throws IOException {
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        for (String[] header : request.headers()) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        byte[] body = request.body();
        if (request.declaredLength() != null) {
            head.append("Content-Length: ").append(request.declaredLength()).append("\r\n");
        } else if (request.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null && request.declaredLength() == null) {
            if (request.chunked()) {
                writeChunked(out, body);
            } else {
                out.write(body);
            }
        }
        out.flush();
    }

    private static void writeChunked(OutputStream out, byte[] body) throws IOException {
        int chunk = 1000;
        for (int offset = 0; offset < body.length; offset += chunk) {
            int length = Math.min(chunk, body.length - offset);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, offset, length);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads until the response is complete (by its Content-Length or final chunk) or the server
     * closes: a server that answered early may still be waiting for request bytes that never come.
     */
    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
                Optional<Response> complete = parse(all.toByteArray(), head, false);
                if (complete.isPresent()) {
                    return complete.get();
                }
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e;
            }
            // a reset after the answer arrived (unread request body) loses nothing we need
        }
        return parse(all.toByteArray(), head, true)
                .orElseThrow(() -> new IOException("incomplete HTTP response: " + all.size() + " bytes"));
    }

    private static Optional<Response> parse(byte[] raw, boolean head, boolean closed) {
        int end = indexOf(raw, CRLF_CRLF, 0);
        if (end < 0) {
            return Optional.empty();
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
        Optional<String> length = headers.stream().filter(h -> h[0].equalsIgnoreCase("Content-Length"))
                .map(h -> h[1]).findFirst();
        boolean chunked = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding")
                && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        if (head) {
            return Optional.of(new Response(status, headers, new byte[0]));
        }
        if (chunked) {
            Optional<byte[]> body = dechunk(rest);
            return body.map(b -> new Response(status, headers, b));
        }
        if (length.isPresent()) {
            int size = Integer.parseInt(length.get());
            return rest.length >= size ? Optional.of(new Response(status, headers, Arrays.copyOf(rest, size)))
                    : Optional.empty();
        }
        if (status == 204 || status == 304 || closed) {
            return Optional.of(new Response(status, headers, status == 204 ? new byte[0] : rest));
        }
        return Optional.empty();
    }

    /** The decoded body once the final chunk has arrived. */
    private static Optional<byte[]> dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(raw, CRLF, pos);
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String sizeText = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                return Optional.of(out.toByteArray());
            }
            if (lineEnd + 2 + size + 2 > raw.length) {
                return Optional.empty();
            }
            out.write(raw, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
