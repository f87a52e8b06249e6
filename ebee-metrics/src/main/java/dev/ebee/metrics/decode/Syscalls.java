package dev.ebee.metrics.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code syscall}: a system call number to its name ({@code 59} to {@code execve}). The table is
 * x86-64's, taken from the kernel's UAPI {@code asm/unistd_64.h}; an unknown number stays a number.
 */
final class Syscalls implements Decoder {
    static final Syscalls X86_64 = new Syscalls("syscalls-x86_64.txt");

    private final String[] names;

    private Syscalls(String resource) {
        String[] table = new String[1024];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Syscalls.class.getResourceAsStream(resource), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                int space = line.indexOf(' ');
                table[Integer.parseInt(line.substring(0, space))] = line.substring(space + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names = table;
    }

    @Override
    public String decode(byte[] raw, String text) {
        long nr = Decoder.number(raw, text);
        return nr >= 0 && nr < names.length && names[(int) nr] != null ? names[(int) nr] : Long.toString(nr);
    }
}
