package dev.mcpoauth.http.jakarta;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Keeps a persistent connection usable after an answer that did not read the whole request
 * body (an error decided from the headers, a body over the size cap).
 *
 * <p>A container that finds request bytes left unread when the answer is complete closes the
 * connection, and once the answer is committed it can no longer say so: a client that reuses
 * the connection (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-9.3">RFC 9112 §9.3</a>)
 * sees its next request fail. {@link #finish} is called before an answer is written: it reads
 * and discards what is left of the body, up to a bound, so the connection stays usable; when
 * more is left, or the body cannot be read, it adds {@code Connection: close}
 * (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-9.6">RFC 9112 §9.6</a>) so the client
 * knows to open a new connection.
 */
public final class RequestBodies {

    private static final int BUFFER_BYTES = 8192;

    private RequestBodies() {
    }

    /**
     * Reads and discards the rest of the request body, at most {@code maxBytes} more bytes;
     * marks the answer {@code Connection: close} when more is left or reading fails. Does
     * nothing once the answer is committed, when it already says {@code Connection: close}, or
     * when the body has been read to its end.
     *
     * @param request the request being answered
     * @param response its answer, not yet committed
     * @param maxBytes the most bytes to read and discard, typically the body size cap
     */
    public static void finish(HttpServletRequest request, HttpServletResponse response, long maxBytes) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (response.isCommitted() || "close".equalsIgnoreCase(response.getHeader("Connection"))) {
            // an answer that already ends the connection (a rate-limited caller) need not wait for the body
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared == 0) {
            return;
        }
        if (declared > maxBytes) {
            // not worth reading (the 413 case): say the connection ends here
            close(response);
            return;
        }
        try {
            // without a body (no Content-Length, not chunked) the stream is already at its end
            InputStream in = request.getInputStream();
            if (in.read() < 0) {
                // the usual case, a body read to its end: no buffer needed
                return;
            }
            byte[] buffer = new byte[BUFFER_BYTES];
            long budget = maxBytes;
            while (budget > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, budget));
                if (n < 0) {
                    return;
                }
                budget -= n;
            }
            close(response);
        } catch (IOException | IllegalStateException e) {
            // a broken body, or one already read as characters: the container will not reuse the connection
            close(response);
        }
    }

    private static void close(HttpServletResponse response) {
        response.setHeader("Connection", "close");
    }
}
