package dev.ebee.cli.common;

import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the tools' regular expression options into one-line errors. */
public final class Regexes {
    private Regexes() {
    }

    /** The compiled pattern, null for null, or {@code usage}'s exception naming the option. */
    public static Pattern compile(Function<String, ? extends RuntimeException> usage, String option, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw usage.apply("invalid regular expression for " + option + ": '"
                    + regex + "' (" + e.getDescription() + ")");
        }
    }

    /** Whether {@code regex} compiles (the fast path takes only those). */
    public static boolean valid(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
