package dev.ebee.metrics;

import dev.ebee.metrics.MetricsConfig.Label;
import dev.ebee.metrics.decode.DecodeException;
import dev.ebee.metrics.decode.Decoder;
import dev.ebee.metrics.decode.Decoders;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * A map key's bytes to its label values, through each label's chain of decoders, with the
 * result cached by the key's bytes: a key seen before costs one hash lookup and no allocation
 * (ksym, cgroup or ifname would otherwise read the system on every scrape). The cache is
 * emptied when it outgrows {@link #CACHE_LIMIT} keys (maps keyed by pid or address churn).
 * Not thread-safe: its owner reads under its own lock.
 */
final class KeyDecoder {
    static final int CACHE_LIMIT = 100_000;
    /** Cached for keys a decoder drops (a regexp that did not match). */
    private static final String[] DROPPED = new String[0];

    private final List<Label> labels;
    private final Decoder[][] decoders;
    private final int keySize;
    private final HashMap<Probe, String[]> cache = new HashMap<>();
    private final Probe probe;
    private String lastError;

    KeyDecoder(List<Label> labels, Decoders factory) {
        this.labels = labels;
        decoders = new Decoder[labels.size()][];
        int size = 0;
        for (int i = 0; i < labels.size(); i++) {
            decoders[i] = labels.get(i).decoders().stream().map(factory::create).toArray(Decoder[]::new);
            size += labels.get(i).size();
        }
        keySize = size;
        probe = new Probe(new byte[size]);
    }

    int keySize() {
        return keySize;
    }

    /** The message of the last key that failed to decode, for a log line; null if none did. */
    String lastError() {
        return lastError;
    }

    /**
     * The label values of {@code key}, or null when the key is dropped; {@code errors[0]} counts
     * up when a decoder failed. The array is shared with the cache: do not change it.
     */
    String[] decode(MemorySegment key, long[] errors) {
        MemorySegment.copy(key, ValueLayout.JAVA_BYTE, 0, probe.bytes, 0, keySize);
        probe.rehash();
        String[] values = cache.get(probe);
        if (values == null) {
            values = decodeFresh(probe.bytes.clone(), errors);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(new Probe(probe.bytes.clone()), values);
        }
        return values == DROPPED ? null : values;
    }

    private String[] decodeFresh(byte[] key, long[] errors) {
        String[] out = new String[labels.size()];
        int off = 0;
        for (int i = 0; i < out.length; i++) {
            int size = labels.get(i).size();
            byte[] raw = Arrays.copyOfRange(key, off, off + size);
            off += size;
            String text = null;
            try {
                for (Decoder d : decoders[i]) {
                    text = d.decode(raw, text);
                    raw = null;
                    if (text == null) {
                        return DROPPED;
                    }
                }
            } catch (DecodeException e) {
                errors[0]++;
                lastError = "label " + labels.get(i).name() + ": " + e.getMessage();
                return DROPPED;
            }
            out[i] = text;
        }
        return out;
    }

    /** Key bytes as a hash key: one reused for lookups, copies stored. */
    private static final class Probe {
        final byte[] bytes;
        int hash;

        Probe(byte[] bytes) {
            this.bytes = bytes;
            rehash();
        }

        void rehash() {
            hash = Arrays.hashCode(bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Probe p && Arrays.equals(bytes, p.bytes);
        }
    }
}
