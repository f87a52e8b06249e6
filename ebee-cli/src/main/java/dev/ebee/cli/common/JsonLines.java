package dev.ebee.cli.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON Lines with Jackson's streaming generator: each {@link #object} is one line, its
 * {@code time} field first, then the fields the tool writes with the generator.
 */
public final class JsonLines {
    /** Writes an object's fields after its {@code time}; {@link #object} rethrows its IOException unchecked. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonGenerator gen;

    public JsonLines(Writer out) {
        try {
            this.gen = new JsonFactory().createGenerator(out);
            gen.setRootValueSeparator(null);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes only the top-level keys in {@code keys} from now on ({@code --fields}), through
     * Jackson's filtering generator: the tools' writers stay as they are.
     */
    public void keepOnly(java.util.Collection<String> keys) {
        java.util.Set<String> keep = java.util.Set.copyOf(keys);
        gen = new com.fasterxml.jackson.core.filter.FilteringGeneratorDelegate(gen, new com.fasterxml.jackson.core.filter.TokenFilter() {
            @Override
            public com.fasterxml.jackson.core.filter.TokenFilter includeProperty(String name) {
                return keep.contains(name) ? com.fasterxml.jackson.core.filter.TokenFilter.INCLUDE_ALL : null;
            }
        }, com.fasterxml.jackson.core.filter.TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true);
    }

    /** One object, one line: {@code time}, then {@code fields}. */
    public void object(long epochMicros, Fields fields) {
        try {
            gen.writeStartObject();
            gen.writeStringField("time", Times.rfc3339(epochMicros));
            fields.write(gen);
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
