package dev.mcpoauth.core.registration;

import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SecretGenerator} handing out predictable values: {@code <prefix>id-1}, {@code <prefix>secret-1}, … */
final class SequentialSecrets implements SecretGenerator {

    private final String prefix;
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger secrets = new AtomicInteger();

    SequentialSecrets(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String newClientId() {
        return prefix + "id-" + ids.incrementAndGet();
    }

    @Override
    public String newSecret() {
        return prefix + "secret-" + secrets.incrementAndGet();
    }
}
