package dev.ebee.metrics.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ksym}: a kernel address (as {@code PT_REGS_IP} gives it) to the name of the function it
 * is in, from {@code /proc/kallsyms} read once on first use; an address below every symbol, or
 * a kallsyms that shows only zeros (without CAP_SYSLOG), gives the address in hex.
 */
final class Ksym implements Decoder {
    private final Path kallsyms;
    private volatile TreeMap<Long, String> symbols;

    Ksym(Path kallsyms) {
        this.kallsyms = kallsyms;
    }

    @Override
    public String decode(byte[] raw, String text) {
        long addr = Decoder.number(raw, text);
        Map.Entry<Long, String> e = symbols().floorEntry(addr);
        return e != null && e.getKey() != 0 ? e.getValue() : "0x" + Long.toHexString(addr);
    }

    private TreeMap<Long, String> symbols() {
        TreeMap<Long, String> s = symbols;
        if (s == null) {
            s = new TreeMap<>(Long::compareUnsigned);
            try (var lines = Files.lines(kallsyms)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    String[] f = line.split("\\s+");
                    if (f.length >= 3 && (f[1].equals("t") || f[1].equals("T") || f[1].equals("W") || f[1].equals("w"))) {
                        s.putIfAbsent(Long.parseUnsignedLong(f[0], 16), f[2]);
                    }
                }
            } catch (IOException e) {
                throw new DecodeException("cannot read " + kallsyms + ": " + e.getMessage());
            }
            symbols = s;
        }
        return s;
    }
}
