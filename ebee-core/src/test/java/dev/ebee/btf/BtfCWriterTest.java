package dev.ebee.btf;

import dev.ebee.btf.BtfType.*;
import dev.ebee.testing.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BtfCWriterTest {
    static final String CLANG = Clang.CLANG;

    static boolean clangPresent() {
        return Clang.present();
    }

    static String clang(Path dir, String... args) throws Exception {
        return Clang.run(dir, args);
    }

    static Path resource(Path dir, String name) throws IOException {
        return Clang.resource(dir, "/btf/" + name);
    }

    static Member m(String n, int t, int off) {
        return new Member(n, t, off, 0);
    }

    /** Layouts that need padding, packing, bitfields, nesting, function pointers; checked by the compiler. */
    @Test
    void layoutsCompileToTheRecordedOffsets(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Kernel.require(clangPresent(), CLANG);
        Btf b = Btf.of(List.of(
                new Int("char", 1, BtfType.INT_CHAR | BtfType.INT_SIGNED, 0, 8),          // 1
                new Int("int", 4, BtfType.INT_SIGNED, 0, 32),                            // 2
                new Int("long", 8, BtfType.INT_SIGNED, 0, 64),                           // 3
                new Struct("packed_s", 5, List.of(m("c", 1, 0), m("i", 2, 8)), false),   // 4
                new Struct("gap_s", 64, List.of(m("a", 2, 0), m("b", 3, 128)), false),   // 5  b at 16, size 64 (aligned)
                new Struct("bits_s", 8, List.of(new Member("x", 2, 0, 3), new Member("y", 2, 10, 7),
                        m("z", 2, 32)), true),                                           // 6
                new Union("", 8, List.of(m("u1", 3, 0), m("u2", 2, 0)), false),          // 7
                new Struct("outer_s", 80, List.of(m("", 7, 0), m("self", 9, 64), m("g", 5, 128)), false), // 8
                new Ptr(8),                                                              // 9
                new FuncProto(2, List.of(new Param("a", 2), new Param("p", 9))),         // 10
                new Ptr(10),                                                             // 11
                new Typedef("fn_t", 11),                                                 // 12
                new Array(12, 2, 3),                                                     // 13
                new Struct("fns_s", 24, List.of(m("fns", 13, 0)), false),                // 14
                new BtfType.Enum("small_e", 1, List.of(new EnumValue("SMALL_A", 1)), false), // 15
                new Enum64("big_e", 8, List.of(new EnumValue("BIG_A", 1L << 40)), false),   // 16
                new Struct("enums_s", 16, List.of(m("s", 15, 0), m("b", 16, 64)), false), // 17
                new Struct("dup", 4, List.of(m("a", 2, 0)), false),                      // 18
                new Struct("dup", 8, List.of(m("b", 3, 0)), false),                      // 19
                new Typedef("dup_t", 19),                                                // 20
                new Struct("uses_dup", 8, List.of(m("d", 20, 0)), false),                // 21
                new Fwd("opaque", false),                                                // 22
                new Ptr(22),                                                             // 23
                new Struct("has_opaque", 8, List.of(m("o", 23, 0)), false),              // 24
                new Const(1),                                                            // 25
                new Ptr(25),                                                             // 26
                new Const(26),                                                           // 27
                new Struct("consts", 8, List.of(m("s", 27, 0)), false),                  // 28
                new BtfType.Enum("", 4, List.of(new EnumValue("LONE_A", 5)), false)));   // 29
        String h = new BtfCWriter(b).write();
        Files.writeString(dir.resolve("vmlinux.h"), h);
        Files.writeString(dir.resolve("t.c"), """
                #include "vmlinux.h"
                #define OFF(t, m) __builtin_offsetof(struct t, m)
                _Static_assert(sizeof(struct packed_s) == 5 && OFF(packed_s, i) == 1, "packed");
                _Static_assert(sizeof(struct gap_s) == 64 && OFF(gap_s, b) == 16, "gap");
                _Static_assert(sizeof(struct bits_s) == 8 && OFF(bits_s, z) == 4, "bits");
                _Static_assert(sizeof(struct outer_s) == 80 && OFF(outer_s, g) == 16 && OFF(outer_s, self) == 8, "outer");
                _Static_assert(sizeof(struct fns_s) == 24, "fns");
                _Static_assert(sizeof(enum small_e) == 1 && sizeof(enum big_e) == 8 && sizeof(struct enums_s) == 16, "enums");
                _Static_assert(sizeof(struct dup) == 4 && sizeof(struct dup___2) == 8 && sizeof(dup_t) == 8, "dup");
                _Static_assert(LONE_A == 5, "lone");
                int f(struct bits_s *b, struct consts *c, struct has_opaque *o) { return b->y + (int)(long)c->s + (o->o != 0); }
                """);
        clang(dir, "-O2", "-target", "bpf", "-Wall", "-Werror", "-Wno-unused-function", "-c", "t.c", "-o", "t.o");
        assertThat(h).contains("__attribute__((packed))").contains("#pragma clang attribute push")
                .contains("struct opaque;").contains("typedef int (*fn_t)(int, struct outer_s *);");
    }

    /** The acceptance check: a CO-RE program that includes ebee's header of the running kernel compiles. */
    @Test
    @Tag("kernel")
    void kernelHeaderCompilesWithLibbpfHeaders(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Kernel.require(Files.exists(BtfTest.VMLINUX), "kernel BTF");
        Kernel.require(clangPresent(), CLANG);
        long t0 = System.nanoTime();
        Btf k = KernelBtf.vmlinux();
        String h = new BtfCWriter(k).write();
        long t1 = System.nanoTime();
        System.out.printf("vmlinux.h: %d bytes written in %.1f ms%n", h.length(), (t1 - t0) / 1e6);
        // a directory JUnit removes: each run wrote 10 MB of header and asserts into /tmp and left them
        Files.writeString(dir.resolve("vmlinux.h"), h);
        resource(dir, "vmlinux_check.bpf.c");
        clang(dir, "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86", "-c", "vmlinux_check.bpf.c", "-o", "check.o");
        assertThat(Files.size(dir.resolve("check.o"))).isPositive();
        assertThat(h).contains("struct task_struct {").contains("struct xdp_md {").startsWith("#ifndef __VMLINUX_H__");

        // the compiler's layout of every uniquely named struct and union equals the kernel's
        StringBuilder asserts = new StringBuilder("#include \"vmlinux.h\"\n");
        int checked = 0;
        for (int id = 1; id < k.typeCount(); id++) {
            if (!(k.type(id) instanceof Composite c) || c.name().isEmpty() || byValueVaList(k, id, 0)) {
                continue;
            }
            long sameTag = k.typesByName(c.name()).stream()
                    .filter(x -> k.type(x) instanceof Composite || k.type(x) instanceof AnyEnum).count();
            if (sameTag != 1) {
                continue; // renamed ___N
            }
            String t = (c.kind() == BtfType.KIND_UNION ? "union " : "struct ") + c.name();
            asserts.append("_Static_assert(sizeof(").append(t).append(") == ").append(c.size()).append(", \"")
                    .append(t).append("\");\n");
            for (Member mb : c.members()) {
                if (!mb.name().isEmpty() && mb.bitfieldSize() == 0) {
                    asserts.append("_Static_assert(__builtin_offsetof(").append(t).append(", ").append(mb.name())
                            .append(") == ").append(mb.bitOffset() / 8).append(", \"").append(t).append('.')
                            .append(mb.name()).append("\");\n");
                    checked++;
                }
            }
        }
        Files.writeString(dir.resolve("layout.c"), asserts);
        clang(dir, "-target", "bpf", "-fsyntax-only", "layout.c");
        System.out.printf("vmlinux.h: layout of %d members checked by clang%n", checked);
        assertThat(checked).isGreaterThan(10_000);
    }

    /** va_list is a pointer on the BPF target but 24 bytes on x86: such layouts cannot match (bpftool's neither). */
    private static boolean byValueVaList(Btf b, int id, int depth) {
        if (depth > 32) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            BtfType t = b.type(id);
            if (t instanceof Typedef td && td.name().equals("__builtin_va_list")) {
                return true;
            }
            if (t instanceof BtfType.Ref r && !(t instanceof Ptr)) {
                id = r.type();
            } else if (t instanceof Array a) {
                id = a.type();
            } else {
                break;
            }
        }
        if (b.type(id) instanceof Composite c) {
            for (Member mb : c.members()) {
                if (byValueVaList(b, mb.type(), depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
