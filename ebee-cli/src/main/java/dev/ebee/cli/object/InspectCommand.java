package dev.ebee.cli.object;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ebee.CollectionSpec;
import dev.ebee.MapSpec;
import dev.ebee.ObjectFile;
import dev.ebee.ProgramSpec;
import dev.ebee.btf.CoreKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code ebee object inspect FILE}: programs, maps, relocations and BTF of an object, without the kernel. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List an object's programs, maps, relocations and BTF (no kernel needed)")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the BPF object (.o)")
    Path file;

    @Option(names = "--json", description = "print one JSON document instead of tables")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CollectionSpec spec = ObjectFile.open(file);
        PrintStream out = System.out;
        Map<String, Integer> relocs = relocationCounts(spec);
        if (json) {
            writeJson(spec, relocs, out);
            return 0;
        }
        out.println("object " + spec.objectName() + "  license " + quote(spec.license()) + "  BTF "
                + (spec.btf() != null ? "yes" : "no") + "  BTF.ext " + (hasExt(spec) ? "yes" : "no"));
        out.println();
        out.printf("%-24s %-28s %-18s %-28s %6s%n", "PROGRAM", "SECTION", "TYPE", "ATTACH TO", "INSNS");
        for (ProgramSpec p : spec.programs().values()) {
            out.printf("%-24s %-28s %-18s %-28s %6d%n", p.name(), p.section(), p.type().bpftoolName(),
                    p.attachTo() == null ? "-" : p.attachTo(), p.instructionCount());
        }
        out.println();
        out.printf("%-24s %-20s %6s %6s %11s %8s%n", "MAP", "TYPE", "KEY", "VALUE", "MAX_ENTRIES", "FLAGS");
        for (MapSpec m : spec.maps().values()) {
            out.printf("%-24s %-20s %6d %6d %11s %8s%n", m.name(), m.type().bpftoolName(), m.keySize(), m.valueSize(),
                    m.maxEntries() == 0 ? "per-cpu" : Integer.toString(m.maxEntries()),
                    "0x" + Integer.toHexString(m.flags()));
        }
        if (!spec.structOps().isEmpty()) {
            out.println();
            out.printf("%-24s %-18s %-28s %s%n", "STRUCT_OPS", "SECTION", "STRUCT", "PROGRAMS");
            for (CollectionSpec.StructOps so : spec.structOps().values()) {
                out.printf("%-24s %-18s %-28s %s%n", so.map(), so.section(), "struct " + spec.btf().name(so.btfTypeId()),
                        String.join(" ", so.programs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
        }
        out.println();
        out.printf("%-24s %6s%n", "RELOCATION", "COUNT");
        relocs.forEach((k, v) -> out.printf("%-24s %6d%n", k, v));
        return 0;
    }

    private static boolean hasExt(CollectionSpec spec) {
        return spec.programs().values().stream().anyMatch(p -> p.btfInfo() != null || !p.coreRelocations().isEmpty());
    }

    /** Relocations by kind: map references, global data, externs, and each CO-RE kind. */
    static Map<String, Integer> relocationCounts(CollectionSpec spec) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ProgramSpec p : spec.programs().values()) {
            for (ProgramSpec.Reference r : p.references()) {
                String k = switch (r.kind()) {
                    case MAP -> "map";
                    case MAP_VALUE -> r.target().equals(".kconfig") ? "kconfig" : "global_data";
                    case KSYM -> "ksym";
                    case KFUNC -> "kfunc";
                };
                counts.merge(k, 1, Integer::sum);
            }
            for (ProgramSpec.CoreRelocation c : p.coreRelocations()) {
                counts.merge("core_" + CoreKind.of(c.kind(), spec.objectName()).name().toLowerCase(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void writeJson(CollectionSpec spec, Map<String, Integer> relocs, PrintStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("object", spec.objectName());
            g.writeStringField("license", spec.license());
            g.writeBooleanField("btf", spec.btf() != null);
            g.writeBooleanField("btf_ext", hasExt(spec));
            g.writeArrayFieldStart("programs");
            for (ProgramSpec p : spec.programs().values()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeStringField("section", p.section());
                g.writeStringField("type", p.type().bpftoolName());
                g.writeStringField("attach_type", p.expectedAttachType() == null ? null
                        : p.expectedAttachType().name().toLowerCase());
                g.writeStringField("attach_to", p.attachTo());
                g.writeNumberField("instructions", p.instructionCount());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("maps");
            for (MapSpec m : spec.maps().values()) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("type", m.type().bpftoolName());
                g.writeNumberField("key_size", m.keySize());
                g.writeNumberField("value_size", m.valueSize());
                g.writeNumberField("max_entries", m.maxEntries());
                g.writeNumberField("flags", m.flags());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("struct_ops");
            for (CollectionSpec.StructOps so : spec.structOps().values()) {
                g.writeStartObject();
                g.writeStringField("map", so.map());
                g.writeStringField("section", so.section());
                g.writeStringField("struct", spec.btf().name(so.btfTypeId()));
                g.writeObjectFieldStart("programs");
                for (var e : so.programs().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("relocations");
            for (var e : relocs.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.println();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
