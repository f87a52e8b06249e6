package dev.ebee.cli.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The tools' fast path past picocli. Building picocli's command model costs 40-50 ms of a cold
 * start (a quarter of {@code ./ebee execsnoop}'s time to its header), so a tool declares here the
 * options it has, and a command line made only of them, each at most once, in the plain forms
 * {@code -x}, {@code -u 1000}, {@code --max-args 20} and {@code --max-args=20}, with values the
 * tool accepts, is applied directly. Anything else (help, version, bundled or attached short
 * options, an unknown option, a repeated one, a value that is not plainly valid, an {@code @file})
 * returns false and picocli parses the command line as always: picocli stays the authority for
 * what a command line means, how help looks and what an error says. The test {@code FastArgsTest}
 * parses a corpus of command lines both ways and checks that every field ends up the same.
 */
public final class FastArgs {
    private final Map<String, Runnable> flags = new HashMap<>();
    private final Map<String, Function<String, Runnable>> options = new HashMap<>();
    private final Map<String, String> canonical = new HashMap<>();

    /** A flag (a boolean option without a value) with all its names. */
    public FastArgs flag(Runnable set, String... names) {
        for (String n : names) {
            flags.put(n, set);
            canonical.put(n, names[0]);
        }
        return this;
    }

    /** A string option: {@code set} takes values that {@code valid} accepts. */
    public FastArgs string(Predicate<String> valid, Consumer<String> set, String... names) {
        return option(v -> valid.test(v) ? () -> set.accept(v) : null, names);
    }

    /** An int option: a plain decimal ({@link #plainInt}) that {@code valid} accepts. */
    public FastArgs integer(IntPredicate valid, IntConsumer set, String... names) {
        return option(v -> {
            Integer n = plainInt(v);
            return n != null && valid.test(n) ? () -> set.accept(n) : null;
        }, names);
    }

    /** A number of seconds: a plain decimal ({@link #plainDouble}) more than 0 and at most {@code max}. */
    public FastArgs seconds(double max, DoubleConsumer set, String... names) {
        return option(v -> {
            Double d = plainDouble(v);
            return d != null && d > 0 && d <= max ? () -> set.accept(d) : null;
        }, names);
    }

    private FastArgs option(Function<String, Runnable> parse, String... names) {
        for (String n : names) {
            options.put(n, parse);
            canonical.put(n, names[0]);
        }
        return this;
    }

    /** The names declared, flags and options (for tests). */
    public Set<String> flagNames() {
        return flags.keySet();
    }

    public Set<String> optionNames() {
        return options.keySet();
    }

    /**
     * Applies {@code args} when every one of them is understood and returns true; otherwise
     * changes nothing and returns false.
     */
    public boolean parse(List<String> args) {
        Set<String> seen = new HashSet<>();
        List<Runnable> apply = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("@")) {
                return false; // picocli reads arguments from @files
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String key = canonical.get(name);
            if (key == null || !seen.add(key)) {
                return false; // unknown (help and version included), or repeated: picocli decides
            }
            Runnable flag = flags.get(name);
            if (flag != null) {
                if (value != null) {
                    return false;
                }
                apply.add(flag);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    return false;
                }
                value = args.get(++i);
                if (value.startsWith("-")) {
                    return false; // an option where a value belongs, or a negative number: picocli decides
                }
            }
            Runnable set = options.get(name).apply(value);
            if (set == null) {
                return false;
            }
            apply.add(set);
        }
        apply.forEach(Runnable::run);
        return true;
    }

    /** A non-negative decimal integer without sign or leading zeros that fits an int, or null. */
    public static Integer plainInt(String s) {
        if (s.isEmpty() || s.length() > 10 || (s.length() > 1 && s.charAt(0) == '0')) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v <= Integer.MAX_VALUE ? (int) v : null;
    }

    /** A positive decimal number of the form {@code 12} or {@code 1.5} (no sign, exponent or hex), or null. */
    public static Double plainDouble(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || (dot >= 0 && frac.isEmpty()) || whole.length() > 9 || frac.length() > 9) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && i != dot) {
                return null;
            }
        }
        return Double.parseDouble(s);
    }
}
