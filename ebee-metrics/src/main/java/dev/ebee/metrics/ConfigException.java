package dev.ebee.metrics;

/**
 * A config ebee cannot serve: its message names the file and the field, in one line
 * ({@code exec.yaml: metrics.counters[0].labels[1].decoders[0].name: unknown decoder "foo"}).
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final String field;

    public ConfigException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.field = field;
    }

    /** The file (or other source) of the config. */
    public String source() {
        return source;
    }

    /** The path of the field at fault, as {@code metrics.histograms[0].bucket_type}; empty for the whole file. */
    public String field() {
        return field;
    }
}
