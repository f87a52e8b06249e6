package dev.ebee.link;

import dev.ebee.BpfMap;
import dev.ebee.MapSpec;
import dev.ebee.MapType;
import dev.ebee.Program;
import dev.ebee.ProgramSpec;
import dev.ebee.ProgramType;
import dev.ebee.internal.sys.Bpf;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Create/load/attach/close cycles leave no descriptor in this process and no program or link in the kernel. */
@Tag("kernel")
class LeakTest {
    static final int CYCLES = 1000;

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static Set<Integer> ids(int cmd) {
        Set<Integer> ids = new HashSet<>();
        for (int id = Bpf.nextId(cmd, 0); id != 0; id = Bpf.nextId(cmd, id)) {
            ids.add(id);
        }
        return ids;
    }

    @Test
    void thousandTracepointCyclesLeaveNothing() throws Exception {
        // warm up: class loading, tracefs mount, JIT of the paths, thread-local scratch buffers
        cycle(null, null);
        long fdsBefore = openFds();
        Set<Integer> progsBefore = ids(Bpf.PROG_GET_NEXT_ID);
        Set<Integer> linksBefore = ids(Bpf.LINK_GET_NEXT_ID);
        Set<Integer> ourProgs = new HashSet<>(), ourLinks = new HashSet<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(ourProgs, ourLinks);
        }
        long perCycleUs = (System.nanoTime() - t0) / CYCLES / 1000;
        System.out.printf("leak test: %d cycles of map create + program load + tracepoint attach + close, %d us per cycle%n",
                CYCLES, perCycleUs);
        assertThat(ourProgs).hasSize(CYCLES);
        assertThat(ourLinks).hasSize(CYCLES);
        assertThat(openFds()).as("open fds after %d cycles", CYCLES).isEqualTo(fdsBefore);
        Set<Integer> progsAfter = ids(Bpf.PROG_GET_NEXT_ID);
        Set<Integer> linksAfter = ids(Bpf.LINK_GET_NEXT_ID);
        assertThat(progsAfter).as("programs of ours still in the kernel").doesNotContainAnyElementsOf(ourProgs);
        assertThat(linksAfter).as("links of ours still in the kernel").doesNotContainAnyElementsOf(ourLinks);
        // other processes on the machine may load programs meanwhile: ours are the ones that must be gone,
        // and when nobody else is active the lists are identical
        Set<Integer> newProgs = new HashSet<>(progsAfter);
        newProgs.removeAll(progsBefore);
        System.out.printf("leak test: programs before %d, after %d (new, not ours: %d); links before %d, after %d%n",
                progsBefore.size(), progsAfter.size(), newProgs.size(), linksBefore.size(), linksAfter.size());
    }

    private static void cycle(Set<Integer> progs, Set<Integer> links) {
        try (BpfMap map = BpfMap.create(MapSpec.of("leak_counts", MapType.HASH, 4, 8, 64));
             Program prog = Program.load(ProgramSpec.of("leak_tp", ProgramType.TRACEPOINT,
                     TestBpf.countByTgid(map.fd(), 0), "GPL"));
             Tracepoint link = Tracepoint.attach(prog, "sched", "sched_process_exec")) {
            if (progs != null) {
                LinkInfo info = link.info();
                progs.add(info.progId());
                links.add(info.id());
            }
        }
    }
}
