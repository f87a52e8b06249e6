package dev.ebee.bpf2java;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the binding for an object, its warnings on stderr: {@code GenMain file.o [package]} (a development aid). */
public final class GenMain {
    public static void main(String[] args) throws Exception {
        String name = Path.of(args[0]).getFileName().toString();
        BpfObjectModel m = ModelBuilder.read(name, Files.readAllBytes(Path.of(args[0])), List.of());
        m.warnings().forEach(System.err::println);
        System.out.print(new JavaGenerator(m, new JavaGenerator.Options(args.length > 1 ? args[1] : "test",
                Names.className(name), name)).generate());
    }
}
