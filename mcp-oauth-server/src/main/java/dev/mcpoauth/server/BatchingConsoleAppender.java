package dev.mcpoauth.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's log output: an asynchronous appender that writes to standard error in batches.
 *
 * <p>Why not Logback's {@code AsyncAppender} in front of a {@code ConsoleAppender}: that pair wakes
 * its writer thread for every event and makes one {@code write} system call per line. Under load,
 * a CPU profile of the server (docs/performance.md, "The cost of a log line per request") put a
 * third of the per-request logging cost in those wake-ups and another eighth in the writes. Here a
 * request thread only adds its event to a bounded queue; the writer drains whatever has gathered,
 * encodes it into one buffer and writes it at once, then pauses for {@link #setBatchMillis a few
 * milliseconds} to let the next batch gather. Only an idle writer is woken, by the first event after
 * a quiet spell, so a line written on a quiet server still appears at once.
 *
 * <p>Never drops an event: when the queue is full, the request thread waits for room (as Logback's
 * {@code AsyncAppender} does with a discarding threshold of 0). {@link #stop()} writes out everything
 * queued before it returns, which is what the server relies on before it exits.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final long STOP_WAIT_MILLIS = 5_000;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** A buffer that grew past this for one large batch is not kept for the next. */
    private static final int BUFFER_KEPT_BYTES = 1024 * 1024;

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8_192;
    private long batchMillis = 10;
    private OutputStream out = new FileOutputStream(FileDescriptor.err);

    private ArrayBlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private final AtomicBoolean writerIdle = new AtomicBoolean();
    private volatile boolean stopping;

    /** How each event becomes bytes (a pattern or {@code JsonEncoder}); required. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Events held at most before request threads wait for the writer; default 8,192. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** The writer's pause after each batch, in milliseconds: how long lines gather under load; default 10. */
    public void setBatchMillis(long batchMillis) {
        this.batchMillis = batchMillis;
    }

    /** Where lines go instead of standard error; for tests. */
    void setOutputStream(OutputStream out) {
        this.out = out;
    }

    /** Whether the writer is asleep until the next event; for tests. */
    boolean writerIdle() {
        return writerIdle.get();
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (queueSize < 1 || batchMillis < 0) {
            addError("queueSize must be positive and batchMillis not negative for appender " + name);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeUntilStopped, "mcp-oauth-log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // the message formatted and the thread's name taken now, on the thread that logged
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            LockSupport.unpark(writer);
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                addWarn("interrupted while waiting for room in the log queue; one event not written");
                return;
            }
        }
        if (writerIdle.get() && writerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        stopping = true;
        super.stop();
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("the log writer did not finish within " + STOP_WAIT_MILLIS + " ms");
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(BUFFER_BYTES);
        while (true) {
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                write(batch, buffer);
                batch.clear();
                if (buffer.size() > BUFFER_KEPT_BYTES) {
                    buffer = new ByteArrayOutputStream(BUFFER_BYTES);
                }
                if (!stopping && batchMillis > 0) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(batchMillis));
                }
                continue;
            }
            if (stopping) {
                return;
            }
            // nothing queued: sleep until an event arrives (its thread wakes us) or the appender stops
            writerIdle.set(true);
            if (queue.isEmpty() && !stopping) {
                LockSupport.park(this);
            }
            writerIdle.set(false);
        }
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream buffer) {
        buffer.reset();
        for (ILoggingEvent event : batch) {
            try {
                buffer.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                addError("could not encode a log event", e);
            }
        }
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("could not write " + batch.size() + " log events", e);
        }
    }
}
