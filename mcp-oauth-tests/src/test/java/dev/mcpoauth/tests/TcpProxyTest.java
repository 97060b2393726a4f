package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echoServer;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echoServer.isClosed()) {
                try {
                    Socket s = echoServer.accept();
                    Thread echo = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // client went away
                        }
                    });
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = TcpProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), echoServer.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echoServer.close();
    }

    private static String roundTrip(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes());
        socket.getOutputStream().flush();
        byte[] buffer = new byte[message.length()];
        int read = 0;
        while (read < buffer.length) {
            int n = socket.getInputStream().read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            read += n;
        }
        return new String(buffer);
    }

    @Test
    @DisplayName("forwards bytes both ways while open")
    void forwards() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(proxy.address(), 2_000);
            assertThat(roundTrip(socket, "ping")).isEqualTo("ping");
        }
    }

    @Test
    @DisplayName("a connection whose setup a cut overtakes (accepted before, upstream connected after) is dropped, not forwarded")
    void cutDuringSetup() throws IOException {
        AtomicReference<TcpProxy> cutter = new AtomicReference<>();
        TcpProxy racing = TcpProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                echoServer.getLocalPort()), () -> cutter.get().cut());
        cutter.set(racing);
        try (racing; Socket socket = new Socket()) {
            socket.connect(racing.address(), 2_000);
            socket.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                roundTrip(socket, "after the cut");
                roundTrip(socket, "after the cut");
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    @DisplayName("cut breaks open connections and refuses new ones; restore forwards again")
    void cutAndRestore() throws IOException {
        try (Socket open = new Socket()) {
            open.connect(proxy.address(), 2_000);
            open.setSoTimeout(5_000);
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.cut();

            assertThatThrownBy(() -> {
                roundTrip(open, "during");
                roundTrip(open, "during");
            }).isInstanceOf(IOException.class);
        }
        try (Socket fresh = new Socket()) {
            fresh.connect(proxy.address(), 2_000);
            fresh.setSoTimeout(5_000);
            assertThatThrownBy(() -> roundTrip(fresh, "refused")).isInstanceOf(IOException.class);
        }

        proxy.restore();

        try (Socket again = new Socket()) {
            again.connect(proxy.address(), 2_000);
            again.setSoTimeout(5_000);
            assertThat(roundTrip(again, "after")).isEqualTo("after");
        }
    }
}
