package dev.ebee.cli.common;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options every tool has: {@code --json} (or {@code -o json}, as Inspektor Gadget users type it),
 * {@code --fields} and {@code -d, --duration}.
 */
public final class RunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--json", description = "JSON Lines on stdout, one object per event")
    boolean json;

    @Option(names = "-o", paramLabel = "FORMAT", description = "output format: table (the default) or json (same as --json)")
    void output(String format) {
        if (!validFormat(format)) {
            throw new ParameterException(mixee.commandLine(), "invalid value for -o: '" + format + "' (table or json)");
        }
        if (format.equals("json")) {
            json = true;
        }
    }

    private static boolean validFormat(String format) {
        return format.equals("json") || format.equals("table");
    }

    private double duration;

    @Option(names = "--bpf-token", paramLabel = "BPFFS",
            description = "create maps and load programs through a BPF token from this delegated bpffs (Linux 6.9+; as LIBBPF_BPF_TOKEN_PATH)")
    void bpfToken(String bpffs) {
        // read by every load of this process (BpfToken.fromEnvironment), the generated bindings' included
        System.setProperty(dev.ebee.BpfToken.PATH_PROPERTY, bpffs);
    }

    private java.util.List<String> fields = java.util.List.of();

    @Option(names = "--fields", paramLabel = "NAMES",
            description = "only these fields, comma-separated JSON keys (comm,pid,args...): the JSON keys, and the table's columns that show them")
    void fields(String names) {
        if (!validFields(names)) {
            throw new ParameterException(mixee.commandLine(), "invalid value for --fields: '" + names + "' (names separated by commas)");
        }
        this.fields = java.util.List.of(names.split(","));
    }

    private static boolean validFields(String names) {
        return names.matches("[a-z_]+(,[a-z_]+)*");
    }

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "stop after this many seconds (default: until Ctrl-C)")
    void duration(double seconds) {
        if (!validDuration(seconds)) {
            throw new ParameterException(mixee.commandLine(),
                    "invalid value for --duration: '" + seconds + "' (a positive number of seconds)");
        }
        this.duration = seconds;
    }

    private static boolean validDuration(double seconds) {
        return seconds > 0 && !Double.isInfinite(seconds);
    }

    /** These options for {@link FastArgs}. */
    public void fastArgs(FastArgs a) {
        a.flag(() -> json = true, "--json");
        a.string(RunOptions::validFormat, this::output, "-o");
        a.string(RunOptions::validFields, this::fields, "--fields");
        a.string(v -> v.startsWith("/"), this::bpfToken, "--bpf-token");
        a.seconds(Double.MAX_VALUE, d -> duration = d, "-d", "--duration");
    }

    public boolean json() {
        return json;
    }

    /** The fields {@code --fields} keeps; empty for all. */
    public java.util.List<String> fields() {
        return fields;
    }

    /** The duration in seconds, or 0 for "until stopped". */
    public double duration() {
        return duration;
    }
}
