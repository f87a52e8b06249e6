package dev.ebee.link;

import dev.ebee.internal.elf.ElfFile;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;

/**
 * Which file's code runs when a program calls a function, found as the dynamic linker binds the
 * call: the program itself if it defines the symbol, else the first library that does, in the
 * linker's load order (the program's DT_NEEDED entries, then theirs, breadth first). A library
 * that cannot be found is passed over, as a symbol lookup need not fail for it.
 */
final class SymbolScope {
    private SymbolScope() {
    }

    /** The file that defines {@code symbol} for {@code program}, and the symbol's file offset in it. */
    static Optional<UprobeTarget> definition(Path program, String symbol) {
        Queue<Path> objects = new ArrayDeque<>();
        Set<Path> queued = new HashSet<>();
        objects.add(program);
        queued.add(program);
        while (!objects.isEmpty()) {
            Path file = objects.remove();
            ElfFile elf = ElfFile.open(file);
            if (elf.findSymbol(symbol).isPresent()) {
                return Optional.of(UprobeTarget.fileOffset(file.toString(), elf.symbolFileOffset(symbol)));
            }
            DynamicSection dynamic = DynamicSection.of(elf);
            Path origin = file.getParent();
            // by real path, so that a library reached under two names is searched once
            for (String soname : dynamic.needed()) {
                Libraries.needed(soname, dynamic.searchPath(origin)).map(Uprobe::real)
                        .filter(queued::add).ifPresent(objects::add);
            }
        }
        return Optional.empty();
    }
}
