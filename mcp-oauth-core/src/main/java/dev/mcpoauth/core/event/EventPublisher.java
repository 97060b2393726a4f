package dev.mcpoauth.core.event;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Hands each event to every listener in turn; a listener that throws is logged (WARNING, through
 * {@link System.Logger}) and skipped, so it can neither fail the request nor keep the other
 * listeners from the event. The services use one; so can a host that publishes events of its own
 * (a reaping schedule, an admin API). Thread-safe.
 */
public final class EventPublisher {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

    private final List<RegistrationEventListener> listeners;

    /** A publisher to these listeners, in this order; none is fine. */
    public EventPublisher(List<RegistrationEventListener> listeners) {
        this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
    }

    /** Gives {@code event} to every listener; never throws because of a listener. */
    public void publish(RegistrationEvent event) {
        Objects.requireNonNull(event, "event");
        for (RegistrationEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event listener " + listener.getClass().getName() + " failed on "
                        + event.getClass().getSimpleName() + "; the request goes on", e);
            }
        }
    }
}
