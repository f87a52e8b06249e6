package dev.ebee.bpf2java;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Java names for C names: {@code foo_bar} becomes {@code fooBar} or {@code FooBar}, never a keyword. */
public final class Names {
    private Names() {
    }

    static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "non-sealed", "when",
            "module", "open", "exports", "requires", "_");

    /** {@code foo.bpf.c} → {@code FooBpf}; {@code exec-count.bpf.o} → {@code ExecCountBpf}; {@code tc_bpf.c} → {@code TcBpf}. */
    public static String className(String fileName) {
        String base = fileName;
        int slash = base.lastIndexOf('/');
        if (slash >= 0) {
            base = base.substring(slash + 1);
        }
        for (String ext : new String[] {".bpf.c", ".bpf.o", ".c", ".o"}) {
            if (base.endsWith(ext)) {
                base = base.substring(0, base.length() - ext.length());
                break;
            }
        }
        return withSuffix(base, "Bpf");
    }

    /** {@code sys_enter-execve} → {@code SysEnterExecve}. */
    public static String upperCamel(String c) {
        String lc = lowerCamel(c);
        if (lc.isEmpty()) {
            return "X";
        }
        String s = Character.toUpperCase(lc.charAt(0)) + lc.substring(1);
        return s.endsWith("_") && KEYWORDS.contains(lc.substring(0, lc.length() - 1)) ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The class name for the C name {@code c} ending in {@code suffix}, without doubling it:
     * {@code xdp_stats_map} and {@code counts} with {@code "Map"} give {@code XdpStatsMap} and
     * {@code CountsMap}.
     */
    public static String withSuffix(String c, String suffix) {
        String s = upperCamel(c);
        return s.endsWith(suffix) && s.length() > suffix.length() ? s : s + suffix;
    }

    /** {@code target_pid} → {@code targetPid}; a keyword gets a trailing underscore. */
    public static String lowerCamel(String c) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch == '_' || ch == '-' || ch == '.' || ch == ' ' || !Character.isLetterOrDigit(ch)) {
                up = !sb.isEmpty();
                continue;
            }
            if (ch > 127) {
                continue;
            }
            if (sb.isEmpty()) {
                sb.append(Character.isDigit(ch) ? "_" + ch : String.valueOf(Character.toLowerCase(ch)));
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
            }
            up = false;
        }
        String s = sb.toString();
        if (s.isEmpty()) {
            return "x";
        }
        if (allUpper(c)) {
            // FOO_BAR as a field name reads better as fooBar
            return lowerCamel(c.toLowerCase(Locale.ROOT));
        }
        return KEYWORDS.contains(s) ? s + "_" : s;
    }

    private static boolean allUpper(String c) {
        boolean letter = false;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Character.isLowerCase(ch)) {
                return false;
            }
            letter |= Character.isUpperCase(ch);
        }
        return letter && c.length() > 1;
    }

    /** An enum constant: the C enumerator as written when it is a valid identifier, else sanitized. */
    public static String constant(String c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            sb.append(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_') ? ch : '_');
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        String s = sb.toString();
        return KEYWORDS.contains(s) ? s + "_" : s;
    }

    /** A constant's name for a lowerCamel Java name: {@code dirCount} gives {@code DIR_COUNT}. */
    public static String upperSnake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch) && i > 0 && camel.charAt(i - 1) != '_') {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(ch));
        }
        return sb.toString();
    }

    /** Hands out unique names within one Java scope, appending a suffix on a clash. */
    static final class Scope {
        private final Set<String> taken = new HashSet<>();

        Scope(Set<String> reserved) {
            taken.addAll(reserved);
        }

        /** {@code name}, or {@code name + suffix}, or {@code name + suffix + N}, whichever is free first. */
        String claim(String name, String suffix) {
            if (taken.add(name)) {
                return name;
            }
            String s = name + suffix;
            for (int n = 2; !taken.add(s); n++) {
                s = name + suffix + n;
            }
            return s;
        }
    }
}
