package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The server keeps a kept-alive connection usable after its error answers, or says
 * {@code Connection: close}: each request goes over a raw socket (sent at once, then with its
 * body after a pause), and the next request on the same connection must succeed unless the
 * answer announced the close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("a kept-alive connection to the server after an error answer")
class KeptAliveConnectionTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    /** How long the client waits for an early answer before it sends the body. */
    private static final int BODY_PAUSE_MILLIS = 200;
    private static final String JSON = "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}";

    private McpOAuthServer server;

    @BeforeAll
    void start() throws Exception {
        server = McpOAuthServer.start(ServerConfiguration.load(List.of("--server.port=0", "--store=memory",
                "--http.max-body-bytes=4096"), Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @TestFactory
    @DisplayName("either carries the next request or the answer said Connection: close")
    Stream<DynamicTest> nextRequestSucceedsOrTheAnswerSaidClose() {
        String overCap = "{" + " ".repeat(6000) + "}";
        String farOverCap = "{" + " ".repeat(40_000) + "}";
        return Stream.of(
                scenario("413, Content-Length over the cap", 413, "POST", "/register", "application/json", overCap,
                        false),
                scenario("413, chunked over the cap", 413, "POST", "/register", "application/json", overCap, true),
                scenario("413, chunked far over the cap", 413, "POST", "/register", "application/json", farOverCap,
                        true),
                scenario("415 with a body", 415, "POST", "/register", "text/plain", JSON, false),
                scenario("405 with a body", 405, "PATCH", "/register", "application/json", JSON, false),
                scenario("400 bad JSON", 400, "POST", "/register", "application/json", "{\"redirect_uris\":[", false),
                scenario("401 with the body unread", 401, "PUT", "/register/unknown", "application/json", JSON, false),
                scenario("404 of an unknown path with a body", 404, "POST", "/nowhere", "application/json", JSON,
                        false),
                scenario("405 of the health check with a body", 405, "POST", "/health", "application/json", JSON,
                        false))
                .flatMap(s -> s);
    }

    private Stream<DynamicTest> scenario(String name, int status, String method, String path, String contentType,
            String body, boolean chunked) {
        return Stream.of(false, true).map(late -> DynamicTest.dynamicTest(
                name + (late ? ", the body sent after a pause" : ""), () -> {
                    try (Connection connection = new Connection(server.uri())) {
                        Answer answer = connection.send(method, path, contentType,
                                body.getBytes(StandardCharsets.UTF_8), chunked, late);
                        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
                        if (!answer.saysClose()) {
                            Answer next = connection.send("GET", "/health", null, null, false, false);
                            assertThat(next.status()).as("the next request after %s: %s", answer.head(), next.head())
                                    .isEqualTo(200);
                        }
                    }
                }));
    }

    private record Answer(int status, String head) {
        boolean saysClose() {
            return head.toLowerCase(Locale.ROOT).lines().anyMatch(l -> l.startsWith("connection:")
                    && l.contains("close"));
        }
    }

    /** One kept-alive HTTP/1.1 connection; answers must carry a Content-Length (the server's all do). */
    private static final class Connection implements AutoCloseable {

        private final URI server;
        private final Socket socket = new Socket();
        private final PushbackInputStream in;

        Connection(URI server) throws IOException {
            this.server = server;
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = new PushbackInputStream(socket.getInputStream(), 1);
        }

        Answer send(String method, String path, String contentType, byte[] body, boolean chunked, boolean late)
                throws IOException {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (late) {
                    awaitAnswer();
                }
                if (body != null) {
                    out.write(chunked ? chunked(body) : body);
                    out.flush();
                }
            } catch (IOException e) {
                // the server answered and closed before the body was sent; read its answer
            }
            return read();
        }

        /** Waits at most the pause for the first byte of an answer, leaving it to be read. */
        private void awaitAnswer() throws IOException {
            socket.setSoTimeout(BODY_PAUSE_MILLIS);
            try {
                int first = in.read();
                if (first >= 0) {
                    in.unread(first);
                }
            } catch (SocketTimeoutException e) {
                // no answer yet: the server waits for the body
            } finally {
                socket.setSoTimeout(TIMEOUT_MILLIS);
            }
        }

        private static byte[] chunked(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int offset = 0; offset < body.length; offset += 1000) {
                int length = Math.min(1000, body.length - offset);
                out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, offset, length);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }

        private Answer read() throws IOException {
            String head = readHead(in);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            int length = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("the answer ended after " + body.length + " of " + length + " bytes: " + head);
            }
            return new Answer(status, head);
        }

        private static String readHead(InputStream in) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            int size = 0;
            while (size < 4 || !Arrays.equals(buffer, size - 4, size, new byte[] {'\r', '\n', '\r', '\n'}, 0, 4)) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before an answer ("
                            + new String(buffer, 0, size, StandardCharsets.ISO_8859_1) + ")");
                }
                buffer[size++] = (byte) b;
            }
            return new String(buffer, 0, size - 4, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
