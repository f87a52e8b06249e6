package dev.ebee.bpf2java;

/** Builds Java source with four-space indentation; a line ending in '{' indents, one starting with '}' outdents. */
final class SourceWriter {
    private final StringBuilder sb = new StringBuilder();
    private int indent;

    SourceWriter line(String text) {
        if (text.isEmpty()) {
            sb.append('\n');
            return this;
        }
        if (text.startsWith("}") || text.startsWith(")")) {
            indent--;
        }
        sb.repeat("    ", Math.max(indent, 0)).append(text).append('\n');
        if (text.endsWith("{") || text.endsWith("(")) {
            indent++;
        }
        return this;
    }

    SourceWriter blank() {
        int n = sb.length();
        if (n > 1 && !(sb.charAt(n - 1) == '\n' && (sb.charAt(n - 2) == '\n' || sb.charAt(n - 2) == '{'))) {
            sb.append('\n');
        }
        return this;
    }

    /** A line as it is, at the current indentation, without changing it. */
    SourceWriter raw(String text) {
        sb.repeat("    ", Math.max(indent, 0)).append(text).append('\n');
        return this;
    }

    /** Indents one more level, for a block opened with {@link #raw}. */
    SourceWriter indent() {
        indent++;
        return this;
    }

    /** A Javadoc comment; each element of {@code lines} is one line, blank ones separate paragraphs. */
    SourceWriter doc(String... lines) {
        if (lines.length == 1 && !lines[0].contains("\n")) {
            return raw("/** " + lines[0] + " */");
        }
        raw("/**");
        for (String l : lines) {
            for (String part : l.split("\n", -1)) {
                raw(part.isEmpty() ? " *" : " * " + part);
            }
        }
        return raw(" */");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
