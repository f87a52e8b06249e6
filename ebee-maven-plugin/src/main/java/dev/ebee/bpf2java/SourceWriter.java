package dev.ebee.bpf2java;

/**
 * Builds Java source with four-space indentation; a line ending in '{' indents, one starting with '}'
 * outdents. Also the escaping every writer needs: string literals and Javadoc text.
 */
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

    /** A method: its Javadoc, {@code signature}, the statements of its body, the closing brace. */
    SourceWriter method(String doc, String signature, String... body) {
        doc(doc);
        line(signature + " {");
        for (String statement : body) {
            line(statement);
        }
        return line("}");
    }

    /** A constructor that keeps its one parameter in the field of the same name. */
    SourceWriter keepingConstructor(String cls, String type, String field) {
        line(cls + "(" + type + " " + field + ") {");
        line("this." + field + " = " + field + ";");
        return line("}");
    }

    /** Javadoc lines longer than this are wrapped at spaces. */
    static final int DOC_WIDTH = 100;

    /** A Javadoc comment; each element of {@code lines} is one line, blank ones separate paragraphs. */
    SourceWriter doc(String... lines) {
        if (lines.length == 1 && !lines[0].contains("\n") && lines[0].length() + 7 + indent * 4 <= DOC_WIDTH + 20) {
            return raw("/** " + lines[0] + " */");
        }
        raw("/**");
        for (String l : lines) {
            for (String part : l.split("\n", -1)) {
                for (String wrapped : wrap(part)) {
                    raw(wrapped.isEmpty() ? " *" : " * " + wrapped);
                }
            }
        }
        return raw(" */");
    }

    /** {@code text} cut at spaces into lines of at most {@link #DOC_WIDTH} characters (a longer word stays whole). */
    static java.util.List<String> wrap(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        String rest = text;
        while (rest.length() > DOC_WIDTH) {
            int cut = rest.lastIndexOf(' ', DOC_WIDTH);
            if (cut <= 0) {
                break;
            }
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut + 1);
        }
        out.add(rest);
        return out;
    }

    /** {@code s} as a Java string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 32 || c > 126) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a Javadoc {@code {@code ...}}: no comment end, balanced braces. */
    static String esc(String s) {
        return s.replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;").replace("@", "&#64;");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
