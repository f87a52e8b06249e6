package dev.ebee;


import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for clang-built BPF objects: parses an ELF object, as libbpf reads it, into a
 * {@link CollectionSpec}. Parsing needs no kernel; {@link CollectionSpec#load()} does.
 *
 * <pre>{@code
 * CollectionSpec spec = ObjectFile.open(Path.of("execsnoop.bpf.o"));
 * spec.setConstant("targ_uid", 1000);
 * try (Collection c = spec.load(); var links = c.attachAll()) { ... }
 * }</pre>
 */
public final class ObjectFile {
    private ObjectFile() {
    }

    /** Parses an object's bytes; {@code name} names it in messages (the file name). */
    public static CollectionSpec parse(String name, byte[] data) {
        return new ObjectParser(name, data).parse();
    }

    /** Reads and parses an object file. */
    public static CollectionSpec open(Path path) {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ElfException(path + ": cannot read: " + e.getMessage(), "check the path", e);
        }
        return parse(path.getFileName().toString(), data);
    }

    /** Parses an object embedded as a class-path resource (as bpf2java packs them). */
    public static CollectionSpec fromResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EbeeException("BPF object resource not found: " + resource + " (next to " + anchor.getName() + ")",
                        "was the object packed into the jar? rebuild with the bpf2java plugin");
            }
            String n = resource.substring(resource.lastIndexOf('/') + 1);
            return parse(n, in.readAllBytes());
        } catch (IOException e) {
            throw new EbeeException("cannot read resource " + resource + ": " + e.getMessage(), null, e);
        }
    }
}
