package dev.ebee.cli.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON Lines with Jackson's streaming generator: {@link #begin()} an object, write fields with
 * the generator, {@link #end()} it; each object is one line.
 */
public final class JsonLines {
    private final JsonGenerator gen;

    public JsonLines(Writer out) {
        try {
            this.gen = new JsonFactory().createGenerator(out);
            gen.setRootValueSeparator(null);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an object with its {@code time} field. */
    public JsonGenerator begin(long epochMicros) {
        try {
            gen.writeStartObject();
            gen.writeStringField("time", Times.rfc3339(epochMicros));
            return gen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the object and the line. */
    public void end() {
        try {
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
