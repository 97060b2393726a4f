package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BatchingConsoleAppender")
class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final SynchronizedBytes out = new SynchronizedBytes();
    private BatchingConsoleAppender appender;

    private Logger logger(int queueSize) {
        // what Logback's service provider gives the application's context
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("test");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    @DisplayName("writes every event of many threads exactly once, each thread's in order, though the queue is tiny")
    void everyEventOnceInOrder() throws Exception {
        Logger logger = logger(4);
        int threads = 4;
        int perThread = 3_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    logger.info("t{} n{}", id, i);
                }
            });
            thread.start();
            writers.add(thread);
        }
        start.countDown();
        for (Thread thread : writers) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("a logging thread is stuck").isFalse();
        }
        appender.stop();

        String[] lines = out.text().split("\n");
        assertThat(lines).hasSize(threads * perThread);
        int[] next = new int[threads];
        for (String line : lines) {
            String[] parts = line.split(" ");
            int thread = Integer.parseInt(parts[0].substring(1));
            assertThat(parts[1]).as("the next line of thread %d", thread).isEqualTo("n" + next[thread]);
            next[thread]++;
        }
    }

    @Test
    @DisplayName("a single line on an idle appender is written without waiting for more lines or a stop")
    void idleLineAppears() {
        Logger logger = logger(8_192);
        logger.info("first");
        awaitText("first\n");
        // once the writer sleeps until the next event, a lone line must wake it
        await(appender::writerIdle, "the writer goes idle");
        logger.info("second");
        awaitText("first\nsecond\n");
    }

    @Test
    @DisplayName("stop writes out everything queued, and later events are ignored")
    void stopFlushes() {
        Logger logger = logger(8_192);
        for (int i = 0; i < 500; i++) {
            logger.info("line {}", i);
        }
        appender.stop();
        assertThat(out.text().split("\n")).hasSize(500).endsWith("line 499");
        logger.info("after stop");
        assertThat(out.text()).doesNotContain("after stop");
    }

    @Test
    @DisplayName("does not start without an encoder")
    void needsAnEncoder() {
        BatchingConsoleAppender bare = new BatchingConsoleAppender();
        bare.setContext(context);
        bare.start();
        assertThat(bare.isStarted()).isFalse();
    }

    private void awaitText(String expected) {
        await(() -> out.text().equals(expected), "the text " + expected.replace("\n", "\\n"));
        assertThat(out.text()).isEqualTo(expected);
    }

    /** Waits (bounded, 10 s) for a condition the writer thread makes true. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.yield();
        }
    }

    /** What the appender wrote, readable while it writes. */
    private static final class SynchronizedBytes extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
