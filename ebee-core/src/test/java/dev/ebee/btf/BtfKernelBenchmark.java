package dev.ebee.btf;

import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up cost of kernel BTF: time to read and index /sys/kernel/btf/vmlinux and to find
 * {@code task_struct}, cold (first in this JVM) and warm. Prints figures, asserts nothing about
 * time. Run as a test, or with {@code main} from the test classpath.
 */
class BtfKernelBenchmark {
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 20);
    }

    static void run(int rounds) {
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            byte[] raw;
            try {
                raw = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
            long t1 = System.nanoTime();
            Btf k = Btf.parse("vmlinux", raw);
            long t2 = System.nanoTime();
            int id = k.requireType("task_struct", BtfType.KIND_STRUCT);
            long t3 = System.nanoTime();
            int size = ((BtfType.Struct) k.type(id)).members().size();
            long t4 = System.nanoTime();
            if (r == 0 || r == rounds - 1) {
                System.out.printf("%s: read %.2f ms, scan %.2f ms, first lookup of task_struct (builds the name index) %.2f ms,"
                                + " decode it (%d members) %.3f ms; total %.2f ms for %d types%n",
                        r == 0 ? "cold" : "warm (round " + rounds + ")", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                        size, (t4 - t3) / 1e6, (t4 - t0) / 1e6, k.typeCount());
            }
        }
    }

    @Test
    @Tag("kernel")
    void printStartupFigures() {
        Kernel.require(Files.exists(BtfTest.VMLINUX), "kernel BTF");
        run(20);
    }
}
