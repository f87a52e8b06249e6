package dev.ebee.cli.bashreadline;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.EbeeException;
import dev.ebee.ElfException;
import dev.ebee.link.UprobeTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where to place the uretprobe: the file that defines {@code readline} (the shell itself, or the
 * shared library it takes readline from) and the symbol's file offset in it.
 */
public record ReadlineTarget(Path file, String symbol, long offset) {

    public static final String SYMBOL = "readline";

    /** Finds readline in {@code shell} or in the libraries it needs, with bashreadline's own error messages. */
    public static ReadlineTarget find(Path shell) {
        if (!Files.exists(shell)) {
            throw new EbeeException("no such file: " + shell);
        }
        Path real;
        try {
            real = shell.toRealPath();
        } catch (IOException e) {
            throw new EbeeException("cannot resolve " + shell + ": " + e.getMessage());
        }
        UprobeTarget found;
        try {
            // the real path has a slash: resolve takes it as a path, never as a command name on PATH
            found = UprobeTarget.resolve(real.toString(), SYMBOL);
        } catch (ElfException e) {
            if (e.getCause() instanceof IOException io) {
                throw new EbeeException("cannot read " + real + ": " + io.getMessage());
            }
            throw new EbeeException("not a 64-bit little-endian ELF file: " + real);
        } catch (AttachTargetNotFoundException e) {
            throw new EbeeException("no readline function in " + shell + " or the libraries it links",
                    "give a shell built with GNU readline with --shell");
        }
        return new ReadlineTarget(Path.of(found.binary()), SYMBOL, found.offset());
    }
}
