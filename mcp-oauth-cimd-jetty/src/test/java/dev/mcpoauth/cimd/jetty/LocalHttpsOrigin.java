package dev.mcpoauth.cimd.jetty;

import dev.mcpoauth.tests.TestTls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTPS origin on a loopback address, with the test kit's certificate for
 * {@code client.example} and {@code *.client.example} ({@link TestTls}). Each path answers as the test says;
 * requests and accepted connections are counted.
 */
final class LocalHttpsOrigin implements AutoCloseable {

    /** How one path answers. */
    @FunctionalInterface
    interface Route {
        void answer(Request request, Response response, Callback callback);
    }

    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Server server;
    private final ServerConnector connector;

    LocalHttpsOrigin(String host, int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("test-origin");
        server = new Server(threads);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(TestTls.originKeyStore());
        tls.setKeyStorePassword(TestTls.PASSWORD);
        connector = new ServerConnector(server, tls, new HttpConnectionFactory(new HttpConfiguration()));
        connector.setHost(host);
        connector.setPort(port);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connections.incrementAndGet();
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                Route route = routes.get(Request.getPathInContext(request));
                if (route == null) {
                    response.setStatus(404);
                    callback.succeeded();
                } else {
                    route.answer(request, response, callback);
                }
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    LocalHttpsOrigin route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** Answers with a complete body. */
    static Route body(int status, String contentType, String body, String... headersAndValues) {
        return (request, response, callback) -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            for (int i = 0; i < headersAndValues.length; i += 2) {
                response.getHeaders().put(headersAndValues[i], headersAndValues[i + 1]);
            }
            Content.Sink.write(response, true, body, callback);
        };
    }

    /** Sends the headers, declaring {@code declaredLength} bytes, and then nothing. */
    static Route declaresAndStalls(long declaredLength) {
        return (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, declaredLength);
            response.write(false, ByteBuffer.allocate(0), Callback.NOOP);
        };
    }

    /** Sends {@code chunks} chunks of {@code chunkSize} bytes without a length, then nothing. */
    static Route chunksThenStalls(int chunks, int chunkSize) {
        return (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            writeChunks(response, chunks, chunkSize);
        };
    }

    private static void writeChunks(Response response, int left, int chunkSize) {
        if (left == 0) {
            return;
        }
        byte[] chunk = " ".repeat(chunkSize).getBytes(StandardCharsets.US_ASCII);
        response.write(false, ByteBuffer.wrap(chunk), Callback.from(() -> writeChunks(response, left - 1, chunkSize)));
    }

    /** Sends the body one byte every {@code everyMillis}, scheduled on the server's timer. */
    static Route trickles(String body, long everyMillis) {
        return (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            trickle(request, response, callback, body.getBytes(StandardCharsets.UTF_8), 0, everyMillis);
        };
    }

    private static void trickle(Request request, Response response, Callback callback, byte[] body, int at, long everyMillis) {
        boolean last = at == body.length - 1;
        response.write(last, ByteBuffer.wrap(body, at, 1), last ? callback : Callback.from(
                () -> request.getComponents().getScheduler().schedule(
                        () -> trickle(request, response, callback, body, at + 1, everyMillis), everyMillis, TimeUnit.MILLISECONDS),
                callback::failed));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test origin did not stop", e);
        }
    }
}
