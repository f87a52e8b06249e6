package dev.ebee.cli.bashreadline;

import dev.ebee.cli.bpf.BashreadlineBpf.ReadlineEvent;
import dev.ebee.cli.common.FakeStream;
import dev.ebee.cli.common.Json;
import dev.ebee.cli.common.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class BashreadlineTest {
    static final long T = 1_700_000_000_123_456L;

    @Test
    void findsReadlineInBash() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeThat(Files.exists(bash)).as("/bin/bash").isTrue();
        ReadlineTarget t = ReadlineTarget.find(bash);
        assertThat(t.symbol()).isEqualTo("readline");
        assertThat(t.offset()).isPositive();
        // the offset points into the file, at the function's code
        assertThat(t.offset()).isLessThan(Files.size(t.file()));
    }

    /** The offset agrees with the links package's own symbol lookup, in bash and in libreadline (via bc). */
    @Test
    void offsetsAgreeWithTheUprobeLookup() {
        for (String exe : new String[] {"/bin/bash", "/usr/bin/bc"}) {
            Path p = Path.of(exe);
            if (!Files.exists(p)) {
                continue;
            }
            ReadlineTarget t = ReadlineTarget.find(p);
            assertThat(t.offset()).as(exe).isEqualTo(dev.ebee.link.Uprobe.symbolOffset(t.file(), "readline"));
            if (exe.endsWith("bc")) {
                assertThat(t.file().getFileName().toString()).startsWith("libreadline.so");
            }
        }
    }

    @Test
    void clearErrors(@TempDir Path dir) throws Exception {
        Run missing = Run.of(new BashreadlineCommand(x -> {
            throw new AssertionError();
        }), "--shell", dir.resolve("nope").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).isEqualTo("ebee: no such file: " + dir.resolve("nope") + System.lineSeparator());

        Path text = Files.writeString(dir.resolve("sh"), "#!/bin/sh\necho not an ELF file, just text\n".repeat(4));
        Run notElf = Run.of(new BashreadlineCommand(x -> {
            throw new AssertionError();
        }), "--shell", text.toString());
        assertThat(notElf.exit()).isNotZero();
        assertThat(notElf.errLines()).hasSize(1);
        assertThat(notElf.err()).startsWith("ebee: not a 64-bit little-endian ELF file");
    }

    @Test
    void noReadlineAnywhereIsAnError() {
        Path ls = Path.of("/bin/true");
        assumeThat(Files.exists(ls)).isTrue();
        Run r = Run.of(new BashreadlineCommand(x -> {
            throw new AssertionError();
        }), "--shell", ls.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).startsWith("ebee: no readline function in /bin/true");
    }

    @Test
    void outputAndDecode() {
        ReadlineEvent e = new ReadlineEvent(77, 0, 0L, "bash", "ls -l | grep x");
        assertThat(ReadlineEvent.decode(MemorySegment.ofArray(bytes(e)))).isEqualTo(e);
        // the kernel cuts the line at 255 bytes and a NUL; without the NUL, decoding stops at the array's end
        assertThat(ReadlineEvent.decode(MemorySegment.ofArray(bytes(new ReadlineEvent(1, 0, 0L, "bash", "y".repeat(255))))).line())
                .hasSize(255);
        assertThat(ReadlineEvent.decode(MemorySegment.ofArray(bytes(new ReadlineEvent(1, 0, 0L, "bash", "y".repeat(400))))).line())
                .hasSize(256);

        StringWriter w = new StringWriter();
        BashreadlineCommand.Output t = new BashreadlineCommand.Output(new PrintWriter(w), false, ZoneOffset.UTC);
        t.header();
        t.event(T, e);
        t.flush();
        assertThat(w.toString().split("\n")).containsExactly("TIME      PID     COMMAND", "22:13:20  77      ls -l | grep x");

        StringWriter j = new StringWriter();
        BashreadlineCommand.Output js = new BashreadlineCommand.Output(new PrintWriter(j), true, ZoneOffset.UTC);
        js.event(T, e);
        js.flush();
        Map<String, Object> o = Json.object(j.toString().strip());
        assertThat(o).containsExactly(Map.entry("time", "2023-11-14T22:13:20.123456Z"), Map.entry("pid", 77L),
                Map.entry("command", "ls -l | grep x"));
    }

    @Test
    void commandStreamsAndReportsLostSamples() {
        assumeThat(Files.exists(Path.of("/bin/bash"))).isTrue();
        FakeStream s = new FakeStream(List.of(bytes(new ReadlineEvent(5, 0, 0L, "bash", "echo hi"))), 4);
        AtomicReference<ReadlineTarget> target = new AtomicReference<>();
        Run r = Run.of(new BashreadlineCommand(t -> {
            target.set(t);
            return s;
        }), "-d", "0.2");
        assertThat(r.exit()).isZero();
        assertThat(target.get().offset()).isPositive();
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(1)).endsWith("echo hi");
        assertThat(r.errLines()).containsExactly("Lost 4 events", "bashreadline: 1 event, 4 lost");
    }

    /** A record as the BPF program sends it. */
    private static byte[] bytes(ReadlineEvent e) {
        byte[] out = new byte[(int) ReadlineEvent.SIZE];
        e.encode(MemorySegment.ofArray(out));
        return out;
    }
}
