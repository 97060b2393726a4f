package dev.mcpoauth.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The {@code logging.format} key: {@code text} (the default, from {@code logback.xml}: one line
 * per event, CR and LF in messages escaped) or {@code json} (one JSON object per line, Logback's
 * {@link JsonEncoder}, which escapes every string). Both go through {@link BatchingConsoleAppender},
 * so a request thread never waits on the console.
 */
enum LogFormat {
    TEXT, JSON;

    /** The name used in the {@code logging.format} key. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Writes out what the asynchronous appenders hold and stops logging: for the last moment before an exit. */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** For the CLI: only warnings and errors, so standard error carries the command's own messages. */
    static void quietForCommandLine() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Switches the root logger to this format; {@code text} keeps what {@code logback.xml} set up. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // the message as written, its fields filled in; not the pattern and its arguments apart
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        BatchingConsoleAppender json = new BatchingConsoleAppender();
        json.setContext(context);
        json.setName("json");
        json.setEncoder(encoder);
        json.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(json);
    }
}
