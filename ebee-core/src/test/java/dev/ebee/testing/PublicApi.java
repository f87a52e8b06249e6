package dev.ebee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What code outside ebee-core may use of it: the packages module {@code dev.ebee.core} exports.
 * The CLI and the plugin are built on the class path, where the module's exports are not enforced,
 * so their tests read their compiled classes and list every class they refer to in a package the
 * module does not export.
 */
public final class PublicApi {
    private PublicApi() {
    }

    /** The packages ebee-core exports, in internal form ("dev/ebee/link"), read from its module descriptor. */
    public static Set<String> exportedPackages() {
        ModuleDescriptor core = dev.ebee.BpfMap.class.getModule().getDescriptor();
        Set<String> out = new TreeSet<>();
        if (core != null) {
            core.exports().stream().filter(e -> !e.isQualified()).forEach(e -> out.add(e.source().replace('.', '/')));
            return out;
        }
        // on the class path: read module-info.class from where ebee-core's classes come from
        try {
            Path where = Path.of(dev.ebee.BpfMap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ModuleDescriptor d;
            if (Files.isDirectory(where)) {
                try (var in = Files.newInputStream(where.resolve("module-info.class"))) {
                    d = ModuleDescriptor.read(in);
                }
            } else {
                try (var jar = new java.util.jar.JarFile(where.toFile());
                     var in = jar.getInputStream(jar.getEntry("module-info.class"))) {
                    d = ModuleDescriptor.read(in);
                }
            }
            d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> out.add(e.source().replace('.', '/')));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * "dev/ebee/cli/Foo -> dev/ebee/internal/sys/Native" for every reference from a class under
     * {@code classes} to a class of ebee-core (a {@code dev/ebee/} class not under one of
     * {@code ownPrefixes}) in a package the module does not export.
     */
    public static List<String> nonPublicReferences(Path classes, String... ownPrefixes) {
        Set<String> exported = exportedPackages();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                var model = ClassFile.of().parse(Files.readAllBytes(f));
                String self = model.thisClass().asInternalName();
                for (PoolEntry e : model.constantPool()) {
                    if (!(e instanceof ClassEntry c)) {
                        continue;
                    }
                    String name = c.asInternalName();
                    while (name.startsWith("[")) {
                        name = name.substring(1);
                    }
                    if (name.startsWith("L") && name.endsWith(";")) {
                        name = name.substring(1, name.length() - 1);
                    }
                    int slash = name.lastIndexOf('/');
                    String n = name;
                    if (!name.startsWith("dev/ebee/") || slash < 0 || Stream.of(ownPrefixes).anyMatch(n::startsWith)) {
                        continue;
                    }
                    if (!exported.contains(name.substring(0, slash))) {
                        found.add(self + " -> " + name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
