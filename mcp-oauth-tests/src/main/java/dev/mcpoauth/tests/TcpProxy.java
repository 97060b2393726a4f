package dev.mcpoauth.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that a test puts between a store and its backend, to break the
 * connection without stopping the shared server: {@link #cut()} drops every open connection
 * and refuses new ones, {@link #restore()} forwards again. A connection being set up while
 * {@link #cut()} runs (a pool opening one in the background) is dropped too: it is registered
 * and checked against the cut under one lock, so none slips through to forward after the cut.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Held by {@link #cut()} and while a new pair is checked and registered. */
    private final Object lock = new Object();
    /** Runs once a new connection's upstream is connected, before it is registered: a test seam. */
    private final Runnable upstreamConnected;
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target, Runnable upstreamConnected) throws IOException {
        this.target = Objects.requireNonNull(target);
        this.upstreamConnected = upstreamConnected;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a proxy on an ephemeral loopback port that forwards to {@code target}. */
    public static TcpProxy start(InetSocketAddress target) {
        return start(target, () -> { });
    }

    /** As {@link #start(InetSocketAddress)}, running {@code upstreamConnected} in the window a cut may hit. */
    static TcpProxy start(InetSocketAddress target, Runnable upstreamConnected) {
        try {
            return new TcpProxy(target, upstreamConnected);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the proxy", e);
        }
    }

    /** Where clients should connect. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Drops every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        synchronized (lock) {
            cut = true;
            for (Socket socket : sockets) {
                closeQuietly(socket);
            }
            sockets.clear();
        }
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        closed = true;
        cut();
        closeQuietly(server);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            upstreamConnected.run();
            synchronized (lock) {
                if (cut) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException e) {
                // the other side or cut() closed the connection
            } catch (IOException e) {
                // same: the pair is torn down below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a socket that is already broken is expected here
        }
    }
}
