package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registration.ClientReaper;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * One scheduled run of {@code mcp.oauth.registration.reap-unused-after}: the core's
 * {@link ClientReaper} deletes the clients unused for that long (bounded batches), and one INFO
 * line says how many, as the standalone server's reaper does. A failed run is logged at WARN and
 * the next one tries again.
 */
final class McpOAuthReaping implements Runnable {

    static final String UNUSED_AFTER_PROPERTY = "mcp.oauth.registration.reap-unused-after";

    private static final Logger LOG = LoggerFactory.getLogger(McpOAuthReaping.class);

    private final ClientReaper reaper;
    private final Duration unusedAfter;

    McpOAuthReaping(ClientReaper reaper, Duration unusedAfter) {
        this.reaper = Objects.requireNonNull(reaper, "reaper");
        this.unusedAfter = Objects.requireNonNull(unusedAfter, "unusedAfter");
    }

    @Override
    public void run() {
        try {
            ClientReaper.Reaping reaping = reaper.reap(unusedAfter);
            LOG.info("reaping: deleted {} clients unused since {}{}", reaping.count(), reaping.cutoff(),
                    reaping.complete() ? "" : ", more left for the next run");
        } catch (RuntimeException e) {
            LOG.warn("reaping: failed, the next run tries again: {}: {}{}", e.getClass().getSimpleName(),
                    e.getMessage(), e.getCause() == null ? "" : " <- " + e.getCause().getMessage());
        }
    }

    /** Matches when {@code mcp.oauth.registration.reap-unused-after} is set to something other than zero. */
    static final class On extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String value = context.getEnvironment().getProperty(UNUSED_AFTER_PROPERTY, "0").trim();
            boolean off = value.isEmpty() || value.matches("[0]+[a-zA-Z]*") || value.equalsIgnoreCase("PT0S");
            return off ? ConditionOutcome.noMatch(UNUSED_AFTER_PROPERTY + " is 0 (reaping off)")
                    : ConditionOutcome.match(UNUSED_AFTER_PROPERTY + " is " + value);
        }
    }
}
