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

    /** A Javadoc comment; each element of {@code lines} is one line, blank ones separate paragraphs. */
    SourceWriter doc(String... lines) {
        if (lines.length == 1 && !lines[0].contains("\n")) {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (String l : lines) {
            for (String part : l.split("\n", -1)) {
                line(part.isEmpty() ? " *" : " * " + part);
            }
        }
        return line(" */");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
