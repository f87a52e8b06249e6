package dev.ebee.metrics.decode;

import java.util.Map;

/**
 * {@code static_map}: the input text looked up in the config's map ({@code 1: read}); a value it
 * does not list drops the key, or with {@code allow_unknown: true} passes through unchanged.
 */
record StaticMap(Map<String, String> map, boolean allowUnknown) implements Decoder {
    @Override
    public String decode(byte[] raw, String text) {
        String in = raw == null ? text : Long.toUnsignedString(Decoder.number(raw, null));
        String out = map.get(in);
        return out != null ? out : allowUnknown ? in : null;
    }
}
