package dev.mcpoauth.tests.violations;

/** A deliberate violation, for proving that the rule fails. */
public class PrintsToStandardOut {
    public void shout() {
        System.out.println("hello");
    }
}
