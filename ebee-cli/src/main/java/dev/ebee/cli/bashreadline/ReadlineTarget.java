package dev.ebee.cli.bashreadline;

import dev.ebee.EbeeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where to place the uretprobe: the file that defines {@code readline} (the shell itself, or the
 * shared library it takes readline from) and the symbol's file offset in it.
 */
public record ReadlineTarget(Path file, String symbol, long offset) {

    public static final String SYMBOL = "readline";
    static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib");

    /** Finds readline in {@code shell} or in the libraries it needs. */
    public static ReadlineTarget find(Path shell) {
        if (!Files.exists(shell)) {
            throw new EbeeException("no such file: " + shell);
        }
        Path real;
        try {
            real = shell.toRealPath();
        } catch (java.io.IOException e) {
            throw new EbeeException("cannot resolve " + shell + ": " + e.getMessage());
        }
        record Found(long offset, List<String> needed, List<String> runpath) {
        }
        Found own = ElfSymbols.with(real, elf -> {
            long a = elf.functionAddress(SYMBOL);
            return new Found(a < 0 ? -1 : elf.fileOffset(a), elf.needed(), elf.runpath());
        });
        if (own.offset() >= 0) {
            return new ReadlineTarget(real, SYMBOL, own.offset());
        }
        List<String> libs = new ArrayList<>(own.needed());
        libs.sort((a, b) -> Boolean.compare(!a.contains("readline"), !b.contains("readline")));
        for (String lib : libs) {
            Path p = locate(lib, own.runpath(), real.getParent());
            if (p == null) {
                continue;
            }
            long off = ElfSymbols.with(p, elf -> {
                long a = elf.functionAddress(SYMBOL);
                return a < 0 ? -1 : elf.fileOffset(a);
            });
            if (off >= 0) {
                return new ReadlineTarget(p, SYMBOL, off);
            }
        }
        throw new EbeeException("no readline function in " + shell + " or the libraries it links",
                "give a shell built with GNU readline with --shell");
    }

    private static Path locate(String lib, List<String> runpath, Path origin) {
        if (lib.contains("/")) {
            Path p = Path.of(lib);
            return Files.isRegularFile(p) ? p : null;
        }
        List<String> dirs = new ArrayList<>();
        for (String d : runpath) {
            dirs.add(d.replace("$ORIGIN", origin == null ? "." : origin.toString()));
        }
        dirs.addAll(LIBRARY_DIRS);
        for (String d : dirs) {
            Path p = Path.of(d, lib);
            if (Files.isRegularFile(p)) {
                try {
                    return p.toRealPath();
                } catch (java.io.IOException e) {
                    return p;
                }
            }
        }
        return null;
    }
}
