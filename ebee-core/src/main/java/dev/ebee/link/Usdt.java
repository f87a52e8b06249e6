package dev.ebee.link;

import dev.ebee.EbeeException;
import dev.ebee.Errno;
import dev.ebee.Program;
import dev.ebee.UnsupportedFeatureException;
import dev.ebee.features.Features;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program written against libbpf's {@code usdt.bpf.h} attached to a USDT probe: one uprobe per
 * site of the probe (each a perf-event {@code bpf_link}), whose BPF cookie is the index of the site's
 * argument spec in the object's {@code __bpf_usdt_specs} map, so that {@code bpf_usdt_arg()} and
 * {@code BPF_USDT(...)} read the arguments. A probe's semaphore is the uprobes' reference counter:
 * the kernel raises it in every process while attached, and the traced code then pays for
 * computing the arguments. Closing this link closes every site and frees their specs.
 */
public final class Usdt implements Link {
    private final String description;
    private final Path binary;
    private final List<UsdtProbe> probes;
    private final List<Uprobe> sites;
    private final UsdtSpecTable specs;
    private final int[] specIds;
    private boolean closed;

    private Usdt(String description, Path binary, List<UsdtProbe> probes, List<Uprobe> sites, UsdtSpecTable specs,
                 int[] specIds) {
        this.description = description;
        this.binary = binary;
        this.probes = probes;
        this.sites = sites;
        this.specs = specs;
        this.specIds = specIds;
    }

    /**
     * Attaches {@code program} (a {@code SEC("usdt")} program of a loaded collection) to every site
     * of the probe {@code target} names; {@code specs} is the table over that collection's
     * {@code __bpf_usdt_specs} map ({@code Collection.attachUsdt} passes it).
     *
     * @throws dev.ebee.AttachTargetNotFoundException when the binary, the process, the notes or the
     *                                                probe is missing (the message lists the nearest probe names)
     * @throws UnsupportedFeatureException            when the kernel lacks uprobe BPF cookies
     * @throws EbeeException                          when an argument cannot be expressed in usdt.bpf.h's spec
     */
    public static Usdt attach(Program program, UsdtSpecTable specs, UsdtTarget target) {
        return attach(program.fd(), specs, target);
    }

    static Usdt attach(int progFd, UsdtSpecTable specs, UsdtTarget target) {
        String what = target.toString();
        Features.Probe cookies = Features.kernel().uprobeCookies();
        if (!cookies.supported()) {
            throw new UnsupportedFeatureException("attach " + what, Errno.ENOTSUPP,
                    "run Linux 5.15 or later", "USDT probes need uprobe BPF cookies: " + cookies.detail());
        }
        Path binary = target.resolve();
        List<UsdtProbe> probes = UsdtProbes.find(binary, target.provider(), target.name());
        List<Uprobe> sites = new ArrayList<>(probes.size());
        int[] ids = new int[probes.size()];
        int acquired = 0;
        try {
            for (UsdtProbe p : probes) {
                String site = what + " at 0x" + Long.toHexString(p.address());
                List<UsdtArgument> args;
                try {
                    args = p.parsedArguments();
                } catch (EbeeException e) {
                    throw new EbeeException("cannot attach " + site + ": " + e.getMessage(), e.hint(), e);
                }
                ids[acquired] = specs.acquire(args, target.cookie(), site);
                acquired++;
                UprobeTarget ut = UprobeTarget.fileOffset(binary.toString(), p.fileOffset()).pid(target.pid())
                        .cookie(ids[acquired - 1]);
                sites.add(Uprobe.attach(progFd, ut, p.semaphoreOffset(), site));
            }
        } catch (RuntimeException e) {
            sites.forEach(Uprobe::close);
            for (int i = 0; i < acquired; i++) {
                specs.release(ids[i]);
            }
            throw e;
        }
        return new Usdt(what, binary, probes, List.copyOf(sites), specs, ids);
    }

    /** The file the probe is in. */
    public Path binary() {
        return binary;
    }

    /** The probe's sites, in note order, one per uprobe of {@link #sites()}. */
    public List<UsdtProbe> probes() {
        return probes;
    }

    /** The uprobe of each site. */
    public List<Uprobe> sites() {
        return sites;
    }

    /** The first site's bpf_link fd. */
    @Override
    public int fd() {
        return sites.getFirst().fd();
    }

    /** The first site's link info. */
    @Override
    public LinkInfo info() {
        return sites.getFirst().info();
    }

    /** Pins a probe of one site; a probe of several is several links, pinned one by one through {@link #sites()}. */
    @Override
    public void pin(Path path) {
        if (sites.size() != 1) {
            throw new EbeeException("cannot pin " + description + " at one path: it has " + sites.size() + " sites, each its own link",
                    "pin each of sites() at its own path");
        }
        sites.getFirst().pin(path);
    }

    /** Swaps the program of every site. */
    @Override
    public void update(Program newProgram) {
        sites.forEach(s -> s.update(newProgram));
    }

    @Override
    public void detach() {
        sites.forEach(Uprobe::detach);
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (Uprobe s : sites) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        for (int id : specIds) {
            specs.release(id);
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return description + " (" + sites.size() + (sites.size() == 1 ? " site" : " sites") + (isClosed() ? ", closed)" : ")");
    }
}
