package dev.ebee.cli.object;

import dev.ebee.TestObjects;
import dev.ebee.cli.Main;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectCommandTest {
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine(new Main());
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void inspectListsProgramsMapsAndRelocations() {
        Result r = run("object", "inspect", TestObjects.path("maps").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("run", "syscall", "tail_target", "socket_filter", "hash_map", "ringbuf",
                "prog_array", "global_data", "BTF yes", "BTF.ext yes");
    }

    @Test
    void inspectJson() {
        Result r = run("object", "inspect", "--json", TestObjects.path("core").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"programs\"", "\"read_struct\"", "\"core_field_byte_offset\"");
    }

    @Test
    void inspectShowsStructOpsMapsAndTheirPrograms() {
        Result r = run("object", "inspect", TestObjects.path("struct_ops").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("STRUCT_OPS").containsPattern("ebee_cc +\\.struct_ops\\.link +struct tcp_congestion_ops +ssthresh=ebee_ssthresh")
                .contains("ebee_cc_legacy");
        Result j = run("object", "inspect", "--json", TestObjects.path("struct_ops").toString());
        assertThat(j.out()).contains("\"struct_ops\"", "\"undo_cwnd\" : \"ebee_undo_cwnd\"");
    }

    @Test
    void badObjectIsOneLine() {
        Result r = run("object", "inspect", "/bin/true");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err().strip()).startsWith("ebee: ").contains("not a BPF object").doesNotContain("\n").doesNotContain("at dev.");
        Result missing = run("object", "load", "/nonexistent.o");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("cannot read");
    }

    @Test
    @Tag("kernel")
    void loadSaysOkPerProgram() {
        Kernel.requireBpf();
        Result r = run("object", "load", TestObjects.path("maps").toString(), "--set", "multiplier=4");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK run", "OK tail_target");
    }

    @Test
    @Tag("kernel")
    void loadReportsVerifierFailure() {
        Kernel.requireBpf();
        Result r = run("object", "load", TestObjects.path("verifier_fail").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL unchecked:", "invalid mem access");
    }

    @Test
    @Tag("kernel")
    void btfDumpOfTheKernelAndOfAnObject() {
        Kernel.requireBpf();
        Result c = run("btf", "dump", TestObjects.path("core").toString());
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("struct ebee_core_t {");
        Result t = run("btf", "dump", "--format", "text", TestObjects.path("core").toString());
        assertThat(t.out()).contains("STRUCT 'ebee_core_t'");
        Result bad = run("btf", "dump", "--format", "xml");
        assertThat(bad.exit()).isEqualTo(Main.EXIT_USAGE);
    }
}
