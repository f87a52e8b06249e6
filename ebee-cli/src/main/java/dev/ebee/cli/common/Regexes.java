package dev.ebee.cli.common;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the tools' regular expression options into one-line errors. */
public final class Regexes {
    private Regexes() {
    }

    /** The compiled pattern, null for null, or a ParameterException naming the option. */
    public static Pattern compile(CommandLine cmd, String option, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(cmd, "invalid regular expression for " + option + ": '"
                    + regex + "' (" + e.getDescription() + ")");
        }
    }
}
