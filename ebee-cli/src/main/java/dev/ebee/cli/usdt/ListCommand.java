package dev.ebee.cli.usdt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.EbeeException;
import dev.ebee.link.Uprobe;
import dev.ebee.link.UsdtProbe;
import dev.ebee.link.UsdtProbes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ebee usdt list BINARY|PID}: the probes of a binary, or of every file a process maps, one
 * line per probe as {@code bpftrace -l 'usdt:BINARY:*'} prints them; {@code -v} one line per site
 * with its address, file offset, semaphore and arguments (as {@code readelf -n} shows the notes);
 * {@code --json} one JSON object per site.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the USDT probes of a binary or of a running process's executable and libraries")
public final class ListCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BINARY|PID", description = "an executable or shared library (path, command or library name), or a pid")
    String target;

    @Option(names = {"-v", "--verbose"}, description = "one line per probe site: address, file offset, semaphore, arguments")
    boolean verbose;

    @Option(names = "--json", description = "JSON Lines, one object per probe site")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<UsdtProbe> probes = probes();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(probes, out);
        } else if (verbose) {
            out.printf("%-40s %-18s %-18s %-10s %-12s %s%n", "PROBE", "ADDRESS", "FILE OFFSET", "SEMAPHORE", "SEM OFFSET", "ARGUMENTS");
            for (UsdtProbe p : probes) {
                out.printf("%-40s 0x%016x 0x%016x %-10s %-12s %s%n", p.fullName(), p.address(), p.fileOffset(),
                        p.hasSemaphore() ? "0x" + Long.toHexString(p.semaphoreAddress()) : "-",
                        p.hasSemaphore() ? "0x" + Long.toHexString(p.semaphoreOffset()) : "-", p.arguments());
            }
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (UsdtProbe p : probes) {
                seen.add("usdt:" + p.binary() + ":" + p.fullName());
            }
            seen.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** The sites of the binary, or of every ELF file the process maps that carries notes. */
    private List<UsdtProbe> probes() {
        if (!target.matches("[0-9]+")) {
            Path binary = Uprobe.resolveBinary(target);
            List<UsdtProbe> probes = UsdtProbes.read(binary);
            if (probes.isEmpty()) {
                throw new AttachTargetNotFoundException(binary + " has no USDT probes (no .note.stapsdt notes)",
                        "probes come from sys/sdt.h at build time");
            }
            return probes;
        }
        int pid = Integer.parseInt(target);
        List<UsdtProbe> all = new ArrayList<>();
        for (Path file : UsdtProbes.mappedFiles(pid)) {
            try {
                all.addAll(UsdtProbes.read(file));
            } catch (EbeeException notElf) {
                // mapped data files (the CDS archive, locale files) are not ELF: they carry no probes
            }
        }
        if (all.isEmpty()) {
            throw new AttachTargetNotFoundException("process " + pid + " maps no file with USDT probes",
                    "probes come from sys/sdt.h at build time; a JVM's libjvm.so has them");
        }
        return all;
    }

    private static void writeJson(List<UsdtProbe> probes, PrintWriter out) throws IOException {
        JsonFactory f = new JsonFactory();
        for (UsdtProbe p : probes) {
            try (JsonGenerator g = f.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("binary", p.binary().toString());
                g.writeStringField("provider", p.provider());
                g.writeStringField("name", p.name());
                g.writeNumberField("address", p.address());
                g.writeNumberField("file_offset", p.fileOffset());
                g.writeNumberField("base", p.base());
                g.writeNumberField("semaphore", p.semaphoreAddress());
                g.writeNumberField("semaphore_offset", p.semaphoreOffset());
                g.writeStringField("arguments", p.arguments());
                g.writeEndObject();
            }
            out.println();
        }
    }
}
