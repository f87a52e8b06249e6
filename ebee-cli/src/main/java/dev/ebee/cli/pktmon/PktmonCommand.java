package dev.ebee.cli.pktmon;

import dev.ebee.cli.bpf.PktmonBpf;
import dev.ebee.cli.common.FastArgs;
import dev.ebee.cli.common.JfrOption;
import dev.ebee.cli.common.JfrRecording;
import dev.ebee.cli.common.ProbeCommand;
import dev.ebee.EbeeException;
import dev.ebee.cli.common.EventLoop;
import dev.ebee.cli.common.StopSignal;
import dev.ebee.cli.common.Times;
import dev.ebee.link.Interfaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.ToIntFunction;

/** pktmon: an XDP packet monitor counting per protocol in the kernel. */
@Command(name = "pktmon", mixinStandardHelpOptions = true,
        description = "XDP packet monitor: packets and bytes per protocol, counted in the kernel.")
public final class PktmonCommand extends ProbeCommand<PktmonProbe> {
    @Option(names = {"-i", "--iface"}, paramLabel = "NAME", defaultValue = "lo",
            description = "the network interface (default: ${DEFAULT-VALUE})")
    String iface = "lo";

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "XDP mode: auto, native or skb (default: ${DEFAULT-VALUE})")
    String mode = "auto";

    @Option(names = {"-s", "--stats"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "seconds between stats lines (default: ${DEFAULT-VALUE})")
    double statsInterval = 10;

    @Option(names = {"-v", "--verbose"}, description = "one line per packet")
    boolean verbose;

    @Mixin
    JfrOption jfr = new JfrOption();

    private final ToIntFunction<String> ifindex;

    public PktmonCommand() {
        this(KernelPktmon::open, name -> Interfaces.lookup(name).orElse(0));
    }

    public PktmonCommand(PktmonProbe probe, ToIntFunction<String> ifindex) {
        super(probe);
        this.ifindex = ifindex;
    }

    @Override
    protected void toolArgs(FastArgs a) {
        a.string(v -> !v.isEmpty(), v -> iface = v, "-i", "--iface");
        a.string(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "auto", "native", "drv", "skb", "generic" -> true;
            default -> false;
        }, v -> mode = v, "--mode");
        a.seconds(86_400, d -> statsInterval = d, "-s", "--stats");
        a.flag(() -> verbose = true, "-v", "--verbose");
        jfr.fastArgs(a);
    }

    @Override
    public Integer call() {
        XdpMode xdpMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> XdpMode.AUTO;
            case "native", "drv" -> XdpMode.NATIVE;
            case "skb", "generic" -> XdpMode.SKB;
            default -> throw usage("invalid value for --mode: '" + mode + "' (auto, native or skb)");
        };
        if (!(statsInterval > 0) || statsInterval > 86_400) {
            throw usage("invalid value for --stats: '" + statsInterval + "' (seconds, more than 0)");
        }
        if (jfr.enabled() && !verbose) {
            throw usage("--jfr records each packet: it needs -v");
        }
        int index = iface.isEmpty() || iface.length() > 15 || iface.contains("/") ? 0 : ifindex.applyAsInt(iface);
        if (index <= 0) {
            throw new EbeeException("no such interface: " + iface);
        }
        PrintWriter out = out();
        PrintWriter err = err();
        PktmonProbe.Config config = new PktmonProbe.Config(iface, index, xdpMode, verbose);
        ZoneId zone = null; // the system's, looked up at the first time printed
        java.util.function.LongFunction<PktmonOutput> makeOutput = withFields(start -> new PktmonOutput(out, run.json(), zone));

        boolean recording = jfr.enabled();
        try (StopSignal stop = StopSignal.install(run.duration());
             JfrRecording jfrRecording = jfr.start(PacketJfrEvent.NAME);
             PktmonProbe.Session session = probe.open(config)) {
            stop.startDuration();
            err.println("pktmon: XDP on " + iface + " (ifindex " + index + ", " + xdpMode.label()
                    + " mode), stats every " + statsInterval + " s; Ctrl-C to stop.");
            err.flush();
            PktmonOutput output = makeOutput.apply(0);
            long start = System.nanoTime();
            long[] lastAt = {start};
            PacketStats[] last = {PacketStats.ZERO};
            Runnable printStats = () -> {
                long now = System.nanoTime();
                PacketStats s = session.stats();
                long delta = s.total().packets() - last[0].total().packets();
                output.stats(Times.nowMicros(), s, PktmonOutput.pps(delta, (now - lastAt[0]) / 1e9));
                last[0] = s;
                lastAt[0] = now;
            };
            EventLoop loop = new EventLoop(session, stop, output::flush, err);
            loop.run(rec -> {
                PacketEvent p = PacketEvent.decode(rec);
                if (p != null) {
                    output.packet(Times.nowMicros(), p);
                    if (recording) {
                        PacketJfrEvent.commit(p, PktmonBpf.PktEvent.ktimeNsAt(rec, 0));
                    }
                }
            }, Math.max(1, Math.round(statsInterval * 1000)), printStats);
            printStats.run();
            output.flush();
            PacketStats total = last[0];
            err.println("pktmon: " + total.total().packets() + " packets, " + total.total().bytes()
                    + " bytes in " + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9)
                    + " s, " + loop.lost() + " lost");
            err.flush();
        }
        return 0;
    }
}
