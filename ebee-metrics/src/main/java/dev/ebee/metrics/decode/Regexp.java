package dev.ebee.metrics.decode;

import java.util.List;
import java.util.regex.Pattern;

/** {@code regexp}: keeps the key when the input text matches one of the patterns (anywhere in it), else drops it. */
final class Regexp implements Decoder {
    private final List<Pattern> patterns;

    Regexp(List<String> regexps) {
        patterns = regexps.stream().map(Pattern::compile).toList();
    }

    @Override
    public String decode(byte[] raw, String text) {
        String in = Decoder.text(raw, text);
        for (Pattern p : patterns) {
            if (p.matcher(in).find()) {
                return in;
            }
        }
        return null;
    }
}
