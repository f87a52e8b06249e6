package dev.ebee.cli.execsnoop;

import dev.ebee.cli.bpf.ExecsnoopBpf;
import dev.ebee.cli.common.CgroupOption;
import dev.ebee.cli.common.EventRun;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.Regexes;
import dev.ebee.cli.common.Startup;
import dev.ebee.cli.common.TableOptions;
import dev.ebee.cli.common.Times;
import dev.ebee.cli.common.Users;
import dev.ebee.cli.common.ProbeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** execsnoop: one line per exec() with its arguments and result. */
@Command(name = "execsnoop", mixinStandardHelpOptions = true,
        description = "Trace exec() calls (execve, execveat): one line per exec, at its return.")
public final class ExecsnoopCommand extends ProbeCommand<ExecsnoopProbe> {
    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    JfrOption jfr = new JfrOption();

    @Mixin
    CgroupOption cgroup = new CgroupOption();

    @Option(names = {"-x", "--fails"}, description = "include failed execs (bcc's -x; by default only successful ones are shown)")
    boolean includeFailed;

    @Option(names = "--failed-only", description = "only failed execs")
    boolean failedOnly;

    @Option(names = {"-u", "--uid"}, paramLabel = "USER", description = "only this user (a uid or a user name)")
    String user;

    @Option(names = "-P", paramLabel = "PPID", description = "only children of this process")
    Integer ppid;

    @Option(names = {"-n", "--name"}, paramLabel = "REGEX",
            description = "only command names containing a match of REGEX (a plain name matches as a substring, as in bcc)")
    String nameRegex;

    @Option(names = {"-l", "--line"}, paramLabel = "REGEX",
            description = "only argument lists containing a match of REGEX (a plain word matches as a substring, as in bcc)")
    String argsRegex;

    @Option(names = "-q", description = "quote the arguments")
    boolean quote;

    @Option(names = "--max-args", paramLabel = "N", defaultValue = "20",
            description = "arguments to copy, 1 to 60 (default: ${DEFAULT-VALUE})")
    int maxArgs = 20;


    public ExecsnoopCommand() {
        this(KernelExecsnoop::open);
    }

    public ExecsnoopCommand(ExecsnoopProbe probe) {
        super(probe);
    }

    @Override
    protected void toolArgs(FastArgs a) {
        table.fastArgs(a);
        cgroup.fastArgs(a);
        jfr.fastArgs(a);
        a.flag(() -> includeFailed = true, "-x", "--fails");
        a.flag(() -> failedOnly = true, "--failed-only");
        a.flag(() -> quote = true, "-q");
        a.string(v -> !v.isEmpty(), v -> user = v, "-u", "--uid");
        a.integer(n -> n > 0, n -> ppid = n, "-P");
        a.string(Regexes::valid, v -> nameRegex = v, "-n", "--name");
        a.string(Regexes::valid, v -> argsRegex = v, "-l", "--line");
        a.integer(n -> n >= 1 && n <= ExecEvent.MAX_ARGS, n -> maxArgs = n, "--max-args");
    }

    @Override
    public Integer call() {
        Startup.mark("command line parsed");
        if (maxArgs < 1 || maxArgs > ExecEvent.MAX_ARGS) {
            throw usage("invalid value for --max-args: '" + maxArgs + "' (1 to " + ExecEvent.MAX_ARGS + ")");
        }
        int uid = user == null ? -1 : Users.uid(user, Path.of("/etc/passwd"))
                .orElseThrow(() -> usage("invalid value for -u: '" + user + "' (a user id or the name of a user)"));
        if (ppid != null && ppid <= 0) {
            throw usage("invalid value for -P: '" + ppid + "' (a process id)");
        }
        table.requireCgroup2ForContainers(this::usage);
        Pattern name = Regexes.compile(this::usage, "-n", nameRegex);
        Pattern args = Regexes.compile(this::usage, "-l", argsRegex);
        PrintWriter out = out();
        ExecsnoopProbe.Config config = new ExecsnoopProbe.Config(uid,
                ppid == null ? 0 : ppid, includeFailed || failedOnly, failedOnly, maxArgs, cgroup.target(this::usage));
        boolean recording = jfr.enabled();
        EventRun.run("execsnoop", run.duration(), jfr, ExecJfrEvent.NAME, err(), () -> probe.open(config),
                withFields(start -> run.json() ? ExecsnoopOutput.json(out) : ExecsnoopOutput.table(out, table, quote, start, null)),
                (output, rec) -> {
                    ExecEvent e = ExecEvent.decode(rec);
                    if (e == null || !matches(e, name, args)) {
                        return false;
                    }
                    output.event(Times.nowMicros(), e);
                    if (recording) {
                        ExecJfrEvent.commit(e, ExecsnoopBpf.ExecEvent.ktimeNsAt(rec, 0));
                    }
                    return true;
                });
        return 0;
    }

    static boolean matches(ExecEvent e, Pattern name, Pattern args) {
        if (name != null && !name.matcher(e.comm()).find()) {
            return false;
        }
        return args == null || args.matcher(String.join(" ", e.args())).find();
    }
}
