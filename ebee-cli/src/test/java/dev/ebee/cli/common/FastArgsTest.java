package dev.ebee.cli.common;

import dev.ebee.cli.bashreadline.BashreadlineCommand;
import dev.ebee.cli.execcount.ExecCountCommand;
import dev.ebee.cli.execsnoop.ExecsnoopCommand;
import dev.ebee.cli.pktmon.PktmonCommand;
import dev.ebee.cli.rmdetect.RmdetectCommand;
import dev.ebee.cli.tracepipe.TracepipeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path past picocli must mean what picocli means: every command line it accepts is
 * parsed by picocli too, and every option field (mixins included) ends up the same. Lines marked
 * {@code fast} must be taken by the fast path, the others must be left to picocli.
 */
class FastArgsTest {
    static final Map<String, Supplier<ToolCommand>> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("execsnoop", ExecsnoopCommand::new);
        TOOLS.put("rmdetect", RmdetectCommand::new);
        TOOLS.put("execcount", ExecCountCommand::new);
        TOOLS.put("pktmon", PktmonCommand::new);
        TOOLS.put("bashreadline", BashreadlineCommand::new);
        TOOLS.put("tracepipe", TracepipeCommand::new);
        TOOLS.put("jvmgc", dev.ebee.cli.jvmgc.JvmgcCommand::new);
        TOOLS.put("jvmstat", dev.ebee.cli.jvmstat.JvmstatCommand::new);
        TOOLS.put("jvmthreads", dev.ebee.cli.jvmthreads.JvmthreadsCommand::new);
        TOOLS.put("jvmclassload", dev.ebee.cli.jvmclassload.JvmclassloadCommand::new);
    }

    /** "tool fast|picocli arg..." (args separated by spaces; {@code _} stands for an empty argument). */
    static final List<String> CORPUS = List.of(
            // every tool: the common options
            "* fast",
            "* fast --json",
            "* fast -d 1.5",
            "* fast --duration=2",
            "* fast -d 1 --json",
            "* fast --duration 0.25 --json",
            "* picocli -h",
            "* picocli --help",
            "* picocli -V",
            "* picocli --version",
            "* picocli -d 0",
            "* picocli -d -1",
            "* picocli -d 1e3",
            "* picocli -d",
            "* picocli --bogus",
            "* picocli -d 1 -d 2",
            "* picocli --json --json",
            "* picocli -d1",
            "* picocli --json=true",
            "* picocli --",
            "* picocli extra",
            "execsnoop fast -x -q -T -t -U",
            "execsnoop fast -u 1000",
            "execsnoop fast -u 0",
            "execsnoop fast -u 007",
            "execsnoop fast --uid root",
            "execsnoop picocli -u -5",
            "execsnoop picocli -Tt",
            "execsnoop fast -n ^ba.*sh$",
            "execsnoop picocli -n (",
            "execsnoop fast -l foo",
            "execsnoop fast --max-args 60",
            "execsnoop fast --max-args=1",
            "execsnoop picocli --max-args 61",
            "execsnoop picocli --max-args 0",
            "execsnoop picocli -n -x",
            "execsnoop picocli -n @patterns",
            "* picocli @args",
            "execsnoop fast -x -n sh -l bin -u 1 --max-args 5 -T --json -d 3",
            "execsnoop fast --fails --failed-only",
            "execsnoop fast --name sh --line=bin",
            "execsnoop fast -c /sys/fs/cgroup",
            "execsnoop fast --cgroup=/system.slice",
            "execsnoop picocli -c _",
            "rmdetect fast -c /sys/fs/cgroup/unified",
            "rmdetect fast --containers -T",
            "execsnoop fast --containers",
            "* fast -o json",
            "* fast --fields pid,comm --json",
            "* picocli --fields Pid",
            "execsnoop fast --fields=comm,pid,args",
            "* fast -o table",
            "* picocli -o yaml",
            "jvmgc fast --histogram -i 2",
            "jvmgc fast --histogram --interval=0.5 -p 7",
            "rmdetect fast -p 1",
            "rmdetect picocli -p 0",
            "rmdetect fast --path /tmp",
            "rmdetect picocli --path tmp",
            "rmdetect fast -x -n rm -U -t",
            "execcount fast -i 0.5",
            "execcount fast --interval 3",
            "execcount fast --interval=3.25",
            "execcount picocli -i 0",
            "pktmon fast -i veth0",
            "pktmon fast --iface=lo",
            "pktmon fast --mode skb",
            "pktmon fast --mode SKB",
            "pktmon fast --mode=drv",
            "pktmon picocli --mode bogus",
            "pktmon fast -s 1",
            "pktmon fast -v",
            "pktmon fast --verbose -s 2.5 -i lo --mode native",
            "pktmon picocli -v -v",
            "pktmon picocli -i _",
            "bashreadline fast --shell /usr/bin/bash",
            "bashreadline picocli --shell _",
            "tracepipe fast --no-program",
            "tracepipe fast --no-program --json -d 1",
            "jvmgc fast -p 42",
            "jvmgc fast --pid 42 --json",
            "jvmgc fast --histogram -d 5",
            "jvmgc picocli -p 0",
            "jvmstat fast -p 42",
            "jvmstat fast --pid 42 --json -i 0.5",
            "jvmstat fast --interval=3 -d 10",
            "jvmstat picocli -p 0",
            "jvmstat picocli -i 0",
            "jvmthreads fast -p 42",
            "jvmthreads fast --pid 42 --json --fields name,event",
            "jvmthreads picocli -p 0",
            "jvmthreads fast --jfr out.jfr -p 42",
            "jvmclassload fast -p 42",
            "jvmclassload fast --pid=42 -o json -d 3",
            "jvmclassload picocli -p 0",
            "jvmclassload fast --jfr out.jfr --json",
            "execsnoop fast --jfr out.jfr",
            "execsnoop fast --json --jfr=/tmp/out.jfr -x",
            "rmdetect fast --jfr out.jfr",
            "pktmon fast -v --jfr out.jfr",
            "bashreadline fast --jfr out.jfr --json",
            "jvmgc fast --jfr out.jfr -p 42",
            "execcount picocli --jfr out.jfr",
            "tracepipe picocli --jfr out.jfr");

    record Case(String tool, boolean fast, List<String> args) {
        @Override
        public String toString() {
            return tool + " " + String.join(" ", args) + (fast ? " (fast)" : " (picocli)");
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String line : CORPUS) {
            String[] w = line.split(" ");
            List<String> args = new ArrayList<>();
            for (String a : Arrays.asList(w).subList(2, w.length)) {
                args.add(a.equals("_") ? "" : a);
            }
            for (String tool : w[0].equals("*") ? TOOLS.keySet() : List.of(w[0])) {
                out.add(new Case(tool, w[1].equals("fast"), args));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fastPathMeansWhatPicocliMeans(Case c) throws Exception {
        ToolCommand fast = TOOLS.get(c.tool()).get();
        FastArgs f = new FastArgs();
        fast.fastArgs(f);
        boolean taken = f.parse(c.args());
        assertThat(taken).as("taken by the fast path").isEqualTo(c.fast());
        if (!taken) {
            return;
        }
        ToolCommand slow = TOOLS.get(c.tool()).get();
        new CommandLine(slow).parseArgs(c.args().toArray(String[]::new)); // throws if picocli disagrees
        assertSameOptions(fast, slow, c.tool());
    }

    @Test
    void fastNamesAreThePicocliNamesWithTheSameArity() {
        for (Map.Entry<String, Supplier<ToolCommand>> e : TOOLS.entrySet()) {
            ToolCommand cmd = e.getValue().get();
            FastArgs f = new FastArgs();
            cmd.fastArgs(f);
            Map<String, Boolean> picocli = new LinkedHashMap<>(); // name -> is a flag
            for (OptionSpec o : new CommandLine(cmd).getCommandSpec().options()) {
                for (String n : o.names()) {
                    picocli.put(n, o.arity().max() == 0);
                }
            }
            for (String n : f.flagNames()) {
                assertThat(picocli).as(e.getKey() + " " + n).containsEntry(n, true);
            }
            for (String n : f.optionNames()) {
                assertThat(picocli).as(e.getKey() + " " + n).containsEntry(n, false);
            }
            // everything picocli knows, except help and version, the fast path knows too
            List<String> missing = new ArrayList<>();
            for (String n : picocli.keySet()) {
                if (!List.of("-h", "--help", "-V", "--version").contains(n)
                        && !f.flagNames().contains(n) && !f.optionNames().contains(n)) {
                    missing.add(n);
                }
            }
            assertThat(missing).as(e.getKey()).isEmpty();
        }
    }

    /** The same run through both paths: same output, same errors, same exit code. */
    @Test
    void bothPathsRunTheToolAlike() {
        byte[] ls = new dev.ebee.cli.execsnoop.ExecEvent(4242, 17, 1000, 0, 0, "ls", List.of("/usr/bin/ls", "-l"), false, false)
                .encode();
        Supplier<ToolCommand> ok = () -> new ExecsnoopCommand(c -> new FakeStream(List.of(ls), 3));
        Supplier<ToolCommand> failing = () -> new ExecsnoopCommand(c -> {
            throw dev.ebee.SyscallException.of("BPF_PROG_LOAD", 1);
        });
        String[][] lines = {{"-d", "0.2"}, {"--json", "-d", "0.2", "-u", "1000"}, {"-d", "0.2", "-x"}};
        for (String[] args : lines) {
            assertThat(runBoth(ok, args).out()).as(String.join(" ", args)).contains("/usr/bin/ls");
            Run failed = runBoth(failing, args);
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.err()).startsWith("ebee: BPF_PROG_LOAD").doesNotContain("\tat ");
        }
    }

    private static Run runBoth(Supplier<ToolCommand> tool, String[] args) {
        Run fast = Run.of(tool.get(), args);
        Run slow;
        System.setProperty("ebee.fastArgs", "false");
        try {
            slow = Run.of(tool.get(), args);
        } finally {
            System.clearProperty("ebee.fastArgs");
        }
        assertThat(fast.exit()).isEqualTo(slow.exit());
        assertThat(fast.err()).isEqualTo(slow.err());
        // events carry the time they were printed at
        assertThat(fast.out().replaceAll("\"time\":\"[^\"]*\"", "")).isEqualTo(slow.out().replaceAll("\"time\":\"[^\"]*\"", ""));
        return fast;
    }

    @Test
    void plainNumbers() {
        assertThat(FastArgs.plainInt("0")).isZero();
        assertThat(FastArgs.plainInt("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(FastArgs.plainInt("2147483648")).isNull();
        assertThat(FastArgs.plainInt("+1")).isNull();
        assertThat(FastArgs.plainInt("01")).isNull();
        assertThat(FastArgs.plainInt("")).isNull();
        assertThat(FastArgs.plainDouble("1.5")).isEqualTo(1.5);
        assertThat(FastArgs.plainDouble("10")).isEqualTo(10.0);
        assertThat(FastArgs.plainDouble("1.")).isNull();
        assertThat(FastArgs.plainDouble(".5")).isNull();
        assertThat(FastArgs.plainDouble("1e3")).isNull();
        assertThat(FastArgs.plainDouble("NaN")).isNull();
        assertThat(FastArgs.plainDouble("1.2.3")).isNull();
    }

    /** Every instance field of the command and its mixins but the injected spec and the probes. */
    private static void assertSameOptions(Object fast, Object slow, String where) throws IllegalAccessException {
        for (Field fld : fast.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(fld.getModifiers()) || Modifier.isFinal(fld.getModifiers())
                    || fld.getType() == CommandLine.Model.CommandSpec.class) {
                continue;
            }
            fld.setAccessible(true);
            Object a = fld.get(fast);
            Object b = fld.get(slow);
            if (fld.isAnnotationPresent(CommandLine.Mixin.class)) {
                assertSameOptions(a, b, where + "." + fld.getName());
            } else {
                assertThat(Objects.equals(a, b)).as(where + "." + fld.getName() + ": fast " + a + ", picocli " + b)
                        .isTrue();
            }
        }
    }
}
