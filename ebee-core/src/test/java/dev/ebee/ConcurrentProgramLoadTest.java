package dev.ebee;

import dev.ebee.internal.sys.Bpf;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An object's programs load on several threads with the result, and the error, of a sequential load. */
@Tag("kernel")
class ConcurrentProgramLoadTest {
    private static final String THREADS = "ebee.loadThreads";

    @BeforeEach
    void kernel() {
        Kernel.requireBpf();
    }

    /** What the kernel says about each program, without what differs between two loads (ids, BTF ids, run counts). */
    private static List<String> programs(String threads) {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("load_many"))
                .setAutoload("second_bad", false).setAutoload("third_bad", false);
        String old = System.getProperty(THREADS);
        System.setProperty(THREADS, threads);
        try (Collection c = spec.load()) {
            return c.programs().values().stream().map(p -> {
                Program.Info i = p.info();
                return p.name() + " " + i.type() + " " + i.tag() + " " + i.xlatedLength() + " " + i.jitedLength();
            }).toList();
        } finally {
            restore(old);
        }
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty(THREADS);
        } else {
            System.setProperty(THREADS, old);
        }
    }

    @Test
    void concurrentLoadGivesTheSequentialCollection() {
        List<String> sequential = programs("1");
        assertThat(sequential).extracting(s -> s.split(" ")[0])
                .containsExactly("first_ok", "fourth_ok", "tail_target", "jumper");
        assertThat(programs("4")).isEqualTo(sequential);
        assertThat(programs("")).as("the default thread count").isEqualTo(sequential);
    }

    @Test
    void concurrentLoadFillsTheTailCallMap() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("load_many"))
                .setAutoload("second_bad", false).setAutoload("third_bad", false);
        String old = System.getProperty(THREADS);
        System.setProperty(THREADS, "4");
        try (Collection c = spec.load()) {
            // jumper's tail call lands in tail_target, which counts in slot 2 (jumper itself would count in slot 1)
            c.program("jumper").testRun(new byte[64], null, 1);
            assertThat(java.nio.ByteBuffer.wrap(c.map("counts").lookup(bytes(2))).order(java.nio.ByteOrder.nativeOrder()).getLong())
                    .isEqualTo(1);
        } finally {
            restore(old);
        }
    }

    private static byte[] bytes(int key) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(key).array();
    }

    @Test
    void theFirstFailingProgramInTheObjectIsReportedAndNothingLeaks() throws IOException {
        String old = System.getProperty(THREADS);
        System.setProperty(THREADS, "4");
        try {
            loadExpectingSecondBad(); // warm up: class loading, lazily opened files
            long fdsBefore = openFds();
            Set<Integer> progsBefore = programIds();
            for (int i = 0; i < 20; i++) {
                loadExpectingSecondBad();
            }
            assertThat(openFds()).as("open fds after failed loads").isEqualTo(fdsBefore);
            assertThat(programIds()).as("programs in the kernel after failed loads").isSubsetOf(progsBefore);
        } finally {
            restore(old);
        }
    }

    private static void loadExpectingSecondBad() {
        CollectionSpec spec = ObjectFile.open(TestObjects.path("load_many"));
        assertThatThrownBy(spec::load).isInstanceOfSatisfying(VerifierException.class,
                e -> assertThat(e.getMessage()).contains("second_bad").doesNotContain("third_bad"));
    }

    @Test
    void sequentialLoadReportsTheSameProgram() {
        String old = System.getProperty(THREADS);
        System.setProperty(THREADS, "1");
        try {
            loadExpectingSecondBad();
        } finally {
            restore(old);
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Ids of the programs named like this object's, loaded by anyone: other processes do not use these names. */
    private static Set<Integer> programIds() {
        Set<Integer> ids = new HashSet<>();
        for (int id = Bpf.nextId(Bpf.PROG_GET_NEXT_ID, 0); id != 0; id = Bpf.nextId(Bpf.PROG_GET_NEXT_ID, id)) {
            try (Program p = Program.fromId(id)) {
                if (Set.of("first_ok", "fourth_ok", "tail_target", "jumper").contains(p.info().name())) {
                    ids.add(id);
                }
            } catch (SyscallException e) {
                // gone between the two calls
            }
        }
        return ids;
    }
}
