package dev.ebee.cli.object;

import dev.ebee.Attachments;
import dev.ebee.Collection;
import dev.ebee.CollectionSpec;
import dev.ebee.EbeeException;
import dev.ebee.ObjectFile;
import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.StopSignals;
import dev.ebee.VerifierException;
import dev.ebee.fs.BpfFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebee object load FILE}: loads every map and program of an object, one line per program,
 * like {@code bpftool prog loadall}, and with {@code --attach} attaches them by section name.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load every map and program of an object; print OK or FAIL per program")
public final class LoadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the BPF object (.o)")
    Path file;

    @Option(names = "--attach", description = "attach the programs by section name and stay attached")
    boolean attach;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "with --attach: detach and exit after this long (default: until Ctrl-C)")
    Double duration;

    @Option(names = "--pin", paramLabel = "DIR", description = "pin programs and maps under DIR (in a bpffs)")
    Path pin;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "set a const volatile variable before load (integer, true/false, or string)")
    List<String> settings = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "print the whole verifier log of a rejected program")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        if (duration != null && duration <= 0) {
            throw new EbeeException("--duration must be positive, got " + duration);
        }
        CollectionSpec spec = ObjectFile.open(file);
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new EbeeException("--set wants NAME=VALUE, got " + s);
            }
            spec.set(s.substring(0, eq), parseValue(s.substring(eq + 1)));
        }
        PrintStream out = System.out;
        Collection c;
        try {
            c = spec.load();
        } catch (EbeeException whole) {
            reportEach(spec, whole, out);
            return 1;
        }
        try (c) {
            for (Program p : c.programs().values()) {
                out.println("OK " + p.name());
            }
            if (pin != null) {
                pinAll(c);
            }
            if (!attach) {
                return 0;
            }
            try (Attachments links = c.attachAllAvailable(); StopSignals stop = StopSignals.install()) {
                for (Attachments.Skipped s : links.skipped()) {
                    System.err.println("ebee: " + s.program() + " (SEC " + s.section() + ") not attached: " + s.reason());
                }
                System.err.println("ebee: " + links.size() + " link(s) attached; "
                        + (duration == null ? "Ctrl-C to detach" : "detaching in " + duration + " s"));
                if (duration == null) {
                    stop.await();
                } else {
                    stop.await(Duration.ofNanos((long) (duration * 1e9)));
                }
            }
            return 0;
        }
    }

    /** The whole load failed: load each program alone to say which ones fail and why. */
    private void reportEach(CollectionSpec spec, EbeeException whole, PrintStream out) {
        boolean any = false;
        for (ProgramSpec p : spec.programs().values()) {
            for (ProgramSpec q : spec.programs().values()) {
                spec.setAutoload(q.name(), q.name().equals(p.name()));
            }
            try (Collection one = spec.load()) {
                out.println("OK " + p.name());
            } catch (VerifierException e) {
                any = true;
                out.println("FAIL " + p.name() + ": " + e.oneLine());
                if (verbose) {
                    out.println(e.log());
                }
            } catch (EbeeException e) {
                any = true;
                out.println("FAIL " + p.name() + ": " + e.oneLine());
            }
        }
        if (!any) {
            // every program loads alone: what failed is shared (a map, BTF)
            out.println("FAIL " + spec.objectName() + ": " + whole.oneLine());
        }
    }

    private void pinAll(Collection c) {
        BpfFs.path(); // mounts bpffs when missing
        try {
            Files.createDirectories(pin);
        } catch (java.io.IOException e) {
            throw new EbeeException("cannot create " + pin + ": " + e.getMessage());
        }
        c.programs().forEach((n, p) -> p.pin(pin.resolve(n).toString()));
        c.maps().forEach((n, m) -> m.pin(pin.resolve(n.replace('.', '_')).toString()));
        System.err.println("ebee: pinned under " + pin + " (remove with rm -r " + pin + ")");
    }

    static Object parseValue(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
