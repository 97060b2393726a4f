package dev.mcpoauth.tests.violations;

/** A deliberate violation, for proving that the rule fails. */
public class ReachesIntoCoreInternals {
    public String hash(String value) {
        return dev.mcpoauth.core.internal.CredentialHashes.hash(value);
    }
}
