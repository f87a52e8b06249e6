package dev.ebee.metrics.decode;

import dev.ebee.metrics.ConfigException;
import dev.ebee.metrics.MetricsConfig.DecoderConfig;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ebpf_exporter's decoders by name. The ones that read the system ({@code ksym},
 * {@code majorminor}, {@code ifname}, {@code cgroup}) read it below {@link #root}, "/" unless a
 * test points them elsewhere.
 */
public final class Decoders {
    /** Every decoder's name, the most used first. */
    public static final List<String> NAMES = List.of("uint", "string", "hex", "errno", "syscall", "inet_ip",
            "static_map", "regexp", "ksym", "majorminor", "ifname", "cgroup", "dname");

    private final Path root;

    /** Decoders that read the running system. */
    public Decoders() {
        this(Path.of("/"));
    }

    /** Decoders that read {@code /proc}, {@code /sys} below {@code root}. */
    public Decoders(Path root) {
        this.root = root;
    }

    /** Checks a decoder's own settings (a static_map's map, a regexp's patterns); throws naming {@code field}. */
    public static void validate(DecoderConfig config, String source, String field) {
        switch (config.name()) {
            case "static_map" -> {
                if (config.staticMap().isEmpty()) {
                    throw new ConfigException(source, field + ".static_map", "missing: static_map needs its map");
                }
            }
            case "regexp" -> {
                if (config.regexps().isEmpty()) {
                    throw new ConfigException(source, field + ".regexps", "missing: regexp needs its patterns");
                }
                for (int i = 0; i < config.regexps().size(); i++) {
                    try {
                        Pattern.compile(config.regexps().get(i));
                    } catch (PatternSyntaxException e) {
                        throw new ConfigException(source, field + ".regexps[" + i + "]",
                                "bad pattern: " + e.getDescription());
                    }
                }
            }
            default -> {
                if (!NAMES.contains(config.name())) {
                    throw new ConfigException(source, field + ".name", "unknown decoder \"" + config.name() + "\"");
                }
            }
        }
    }

    /** The decoder a (validated) config names. */
    public Decoder create(DecoderConfig config) {
        return switch (config.name()) {
            case "uint" -> (raw, text) -> Long.toUnsignedString(Decoder.number(raw, text));
            case "string" -> Decoder::text;
            case "hex" -> (raw, text) -> HexFormat.of().formatHex(raw != null ? raw
                    : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "errno" -> (raw, text) -> dev.ebee.Errno.name((int) Decoder.number(raw, text));
            case "syscall" -> Syscalls.X86_64;
            case "inet_ip" -> InetIp.DECODER;
            case "static_map" -> new StaticMap(config.staticMap(), config.allowUnknown());
            case "regexp" -> new Regexp(config.regexps());
            case "ksym" -> new Ksym(root.resolve("proc/kallsyms"));
            case "majorminor" -> new MajorMinor(root.resolve("proc/diskstats"));
            case "ifname" -> new Ifname(root.resolve("sys/class/net"));
            case "cgroup" -> new CgroupPath(root.resolve("sys/fs/cgroup"));
            case "dname" -> Dname.DECODER;
            default -> throw new IllegalArgumentException("unknown decoder " + config.name());
        };
    }
}
