package dev.ebee.cli.doctor;

/**
 * One line of {@code ebee doctor}: what was checked, whether it is fine for ebee, and what was
 * found (or, when it is not fine, what is missing and what to do).
 */
public record Check(String name, boolean ok, String detail) {
    static Check ok(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check no(String name, String detail) {
        return new Check(name, false, detail);
    }
}
