package dev.ebee.cli.rmdetect;

import dev.ebee.cli.bpf.RmdetectBpf;
import dev.ebee.cli.common.CgroupOption;
import dev.ebee.cli.common.EventRun;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.cli.common.Regexes;
import dev.ebee.cli.common.TableOptions;
import dev.ebee.cli.common.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** rmdetect: every file and directory deletion, who did it and whether it worked. */
@Command(name = "rmdetect", mixinStandardHelpOptions = true,
        description = "Trace file deletions (unlink, unlinkat, rmdir) with absolute paths.")
public final class RmdetectCommand extends ProbeCommand<RmdetectProbe> {
    @Mixin
    JfrOption jfr = new JfrOption();

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    CgroupOption cgroup = new CgroupOption();

    @Option(names = "-x", description = "only failed deletions")
    boolean failedOnly;

    @Option(names = "-p", paramLabel = "PID", description = "only this process")
    Integer pid;

    @Option(names = "-n", paramLabel = "REGEX", description = "only command names matching REGEX")
    String nameRegex;

    @Option(names = "--path", paramLabel = "PREFIX", description = "only paths under PREFIX")
    String pathPrefix;

    private final Path procRoot;

    public RmdetectCommand() {
        this(KernelRmdetect::open, Path.of("/proc"));
    }

    public RmdetectCommand(RmdetectProbe probe, Path procRoot) {
        super(probe);
        this.procRoot = procRoot;
    }

    @Override
    protected void toolArgs(FastArgs a) {
        table.fastArgs(a);
        cgroup.fastArgs(a);
        jfr.fastArgs(a);
        a.flag(() -> failedOnly = true, "-x");
        a.integer(n -> n > 0, n -> pid = n, "-p");
        a.string(Regexes::valid, v -> nameRegex = v, "-n");
        a.string(v -> v.startsWith("/") && !v.contains("\0"), v -> pathPrefix = v, "--path");
    }

    @Override
    public Integer call() {
        if (pid != null && pid <= 0) {
            throw usage("invalid value for -p: '" + pid + "' (a process id)");
        }
        Path prefix = prefix();
        table.requireCgroup2ForContainers(this::usage);
        Pattern name = Regexes.compile(this::usage, "-n", nameRegex);
        PrintWriter out = out();
        RmdetectProbe.Config config = new RmdetectProbe.Config(pid == null ? 0 : pid, failedOnly,
                cgroup.target(this::usage));
        boolean recording = jfr.enabled();
        EventRun.run("rmdetect", run.duration(), jfr, FileDeleteJfrEvent.NAME, err(), () -> probe.open(config),
                withFields(start -> run.json() ? RmdetectOutput.json(out) : RmdetectOutput.table(out, table, start, null)),
                (output, rec) -> {
                    RmEvent e = RmEvent.decode(rec);
                    if (e == null || (name != null && !name.matcher(e.comm()).find())) {
                        return false;
                    }
                    String path = RmPaths.resolve(e, procRoot);
                    if (prefix != null && !under(path, prefix)) {
                        return false;
                    }
                    output.event(Times.nowMicros(), e, path);
                    if (recording) {
                        FileDeleteJfrEvent.commit(e, path, RmdetectBpf.RmEvent.ktimeNsAt(rec, 0));
                    }
                    return true;
                });
        return 0;
    }

    private Path prefix() {
        if (pathPrefix == null) {
            return null;
        }
        try {
            Path p = Path.of(pathPrefix).normalize();
            if (!p.isAbsolute()) {
                throw usage("invalid value for --path: '" + pathPrefix + "' (an absolute path)");
            }
            return p;
        } catch (InvalidPathException e) {
            throw usage("invalid value for --path: '" + pathPrefix + "'");
        }
    }

    /** Whether {@code path} is {@code prefix} or below it, component-wise. */
    static boolean under(String path, Path prefix) {
        try {
            return Path.of(path).startsWith(prefix);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
