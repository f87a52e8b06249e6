package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.asm.Insn;
import dev.ebee.asm.Op;
import dev.ebee.btf.BtfType.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ebee.btf.CoreKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreRelocatorTest {
    static Member m(String n, int t, int off) {
        return new Member(n, t, off, 0);
    }

    static Member bf(String n, int t, int off, int size) {
        return new Member(n, t, off, size);
    }

    // local (object) BTF
    static final Btf LOCAL = Btf.of(List.of(
            new Int("int", 4, BtfType.INT_SIGNED, 0, 32),                                     // 1
            new Struct("foo", 8, List.of(m("a", 1, 0), m("b", 1, 32)), false),                // 2
            new Int("unsigned int", 4, 0, 0, 32),                                             // 3
            new Struct("bar", 8, List.of(bf("x", 3, 0, 3), bf("y", 3, 3, 5), m("z", 1, 32)), true), // 4
            new BtfType.Enum("e", 4, List.of(new EnumValue("E1", 1), new EnumValue("E2", 2),
                    new EnumValue("E3", 3)), false),                                          // 5
            new Struct("foo___v2", 4, List.of(m("b", 1, 0)), false),                          // 6
            new Ptr(2),                                                                       // 7
            new Struct("baz", 8, List.of(m("here", 1, 0), m("gone", 1, 32)), false),          // 8
            new Struct("nothere", 4, List.of(m("q", 1, 0)), false),                           // 9
            new Struct("sz", 4, List.of(m("v", 3, 0), m("w", 1, 0)), false),                  // 10
            new Struct("amb", 4, List.of(m("f", 1, 0)), false),                               // 11
            new Array(2, 1, 4),                                                               // 12
            new Struct("holder", 32, List.of(m("arr", 12, 0)), false),                        // 13
            new Struct("foo___bad", 8, List.of(m("a", 7, 0)), false),                         // 14
            new Struct("outer", 8, List.of(m("", 16, 0)), false),                             // 15
            new Union("", 8, List.of(m("inner", 1, 0)), false)));                             // 16

    // target (kernel-like) BTF: fields reordered, grown, bitfields moved, enum renumbered
    static final Btf TARGET = Btf.of(List.of(
            new Int("int", 4, BtfType.INT_SIGNED, 0, 32),                                     // 1
            new Int("long", 8, BtfType.INT_SIGNED, 0, 64),                                    // 2
            new Struct("foo", 16, List.of(m("c", 2, 0), m("b", 1, 64), m("a", 1, 96)), false), // 3
            new Int("unsigned int", 4, 0, 0, 32),                                             // 4
            new Struct("bar", 8, List.of(m("z", 1, 0), bf("pad", 4, 32, 10), bf("x", 4, 42, 3),
                    bf("y", 4, 45, 5)), true),                                                // 5
            new BtfType.Enum("e", 4, List.of(new EnumValue("E0", 0), new EnumValue("E2", 7),
                    new EnumValue("E1", 9)), false),                                          // 6
            new Struct("baz", 4, List.of(m("here", 1, 0)), false),                            // 7
            new Int("long unsigned int", 8, 0, 0, 64),                                        // 8
            new Struct("sz", 16, List.of(m("v", 8, 0), m("w", 2, 64)), false),               // 9
            new Struct("amb", 4, List.of(m("f", 1, 0)), false),                               // 10
            new Struct("amb___x", 8, List.of(m("g", 1, 0), m("f", 1, 32)), false),            // 11
            new Array(3, 1, 4),                                                               // 12
            new Struct("holder", 64, List.of(m("pad", 2, 0), m("arr", 12, 64)), false),       // 13
            new Struct("outer", 16, List.of(m("pad", 2, 0), m("", 15, 64)), false),           // 14
            new Union("", 8, List.of(m("other", 2, 0), m("inner", 1, 32)), false)));          // 15

    final CoreRelocator core = new CoreRelocator(LOCAL, TARGET);

    long value(int type, String access, CoreKind kind) {
        CoreRelocator.Result r = core.relocate(type, access, kind);
        assertThat(r.poison()).as(r.explanation()).isFalse();
        return r.newValue();
    }

    @Test
    void reorderedAndGrownFields() {
        CoreRelocator.Result r = core.relocate(2, "0:0", FIELD_BYTE_OFFSET);
        assertThat(r.oldValue()).isZero();
        assertThat(r.newValue()).isEqualTo(12);
        assertThat(r.explanation()).contains("foo");
        assertThat(value(2, "0:1", FIELD_BYTE_OFFSET)).isEqualTo(8);
        assertThat(value(2, "1:1", FIELD_BYTE_OFFSET)).as("second element of an array of foo").isEqualTo(16 + 8);
        assertThat(value(2, "0:1", FIELD_BYTE_SIZE)).isEqualTo(4);
        assertThat(value(2, "0:1", FIELD_EXISTS)).isEqualTo(1);
        assertThat(value(2, "0:1", FIELD_SIGNED)).isEqualTo(1);
        assertThat(value(2, "0:0", FIELD_LSHIFT_U64)).isEqualTo(32);
        assertThat(value(2, "0:0", FIELD_RSHIFT_U64)).isEqualTo(32);
    }

    @Test
    void flavouredLocalNameMatchesTheBaseName() {
        assertThat(value(6, "0:0", FIELD_BYTE_OFFSET)).isEqualTo(8);
        // foo___bad's "a" is a pointer, the target's an int: incompatible, so no candidate: poison
        assertThat(core.relocate(14, "0:0", FIELD_BYTE_OFFSET).poison()).isTrue();
        assertThat(core.relocate(14, "0:0", FIELD_EXISTS).newValue()).isZero();
    }

    @Test
    void missingFieldPoisonsExceptExistence() {
        CoreRelocator.Result r = core.relocate(8, "0:1", FIELD_BYTE_OFFSET);
        assertThat(r.poison()).isTrue();
        assertThat(r.oldValue()).isEqualTo(4);
        assertThat(r.explanation()).contains("poison");
        CoreRelocator.Result e = core.relocate(8, "0:1", FIELD_EXISTS);
        assertThat(e.poison()).isFalse();
        assertThat(e.oldValue()).isEqualTo(1);
        assertThat(e.newValue()).isZero();
        assertThat(value(8, "0:0", FIELD_EXISTS)).isEqualTo(1);
        assertThat(core.relocate(9, "0:0", FIELD_BYTE_OFFSET).poison()).isTrue();
    }

    @Test
    void bitfields() {
        assertThat(value(4, "0:0", FIELD_BYTE_OFFSET)).isEqualTo(4);
        assertThat(value(4, "0:0", FIELD_BYTE_SIZE)).isEqualTo(4);
        assertThat(value(4, "0:0", FIELD_LSHIFT_U64)).isEqualTo(64 - (42 + 3 - 32));
        assertThat(value(4, "0:0", FIELD_RSHIFT_U64)).isEqualTo(61);
        assertThat(value(4, "0:0", FIELD_SIGNED)).isZero();
        assertThat(value(4, "0:1", FIELD_LSHIFT_U64)).isEqualTo(64 - (45 + 5 - 32));
        assertThat(value(4, "0:1", FIELD_RSHIFT_U64)).isEqualTo(59);
        CoreRelocator.Result local = core.relocate(4, "0:1", FIELD_LSHIFT_U64);
        assertThat(local.oldValue()).isEqualTo(64 - 8);
        assertThat(value(4, "0:2", FIELD_BYTE_OFFSET)).isZero();
    }

    @Test
    void enumValues() {
        assertThat(value(5, "0", ENUMVAL_VALUE)).isEqualTo(9);
        assertThat(value(5, "1", ENUMVAL_VALUE)).isEqualTo(7);
        assertThat(value(5, "0", ENUMVAL_EXISTS)).isEqualTo(1);
        CoreRelocator.Result ex = core.relocate(5, "2", ENUMVAL_EXISTS);
        assertThat(ex.newValue()).isZero();
        assertThat(ex.poison()).isFalse();
        assertThat(core.relocate(5, "2", ENUMVAL_VALUE).poison()).isTrue();
        assertThatThrownBy(() -> core.relocate(5, "3", ENUMVAL_VALUE)).isInstanceOf(BtfException.class);
    }

    @Test
    void typeRelocations() {
        assertThat(value(2, "0", TYPE_SIZE)).isEqualTo(16);
        assertThat(core.relocate(2, "0", TYPE_SIZE).oldValue()).isEqualTo(8);
        assertThat(value(2, "0", TYPE_ID_TARGET)).isEqualTo(3);
        assertThat(value(2, "0", TYPE_ID_LOCAL)).isEqualTo(2);
        assertThat(value(2, "0", TYPE_EXISTS)).isEqualTo(1);
        assertThat(value(9, "0", TYPE_EXISTS)).isZero();
        assertThat(value(2, "0", TYPE_MATCHES)).isEqualTo(1);
        assertThat(value(8, "0", TYPE_MATCHES)).as("baz lost a member").isZero();
        assertThat(value(10, "0", TYPE_MATCHES)).as("sz.v changed size").isZero();
        assertThat(value(5, "0", TYPE_MATCHES)).as("target enum lacks E3").isZero();
        assertThat(value(9, "0", TYPE_SIZE)).isZero();
    }

    @Test
    void ambiguityIsAnError() {
        assertThatThrownBy(() -> core.relocate(11, "0:0", FIELD_BYTE_OFFSET)).isInstanceOf(BtfException.class)
                .hasMessageContaining("ambiguity");
        // candidates must agree on the field's position even for existence (as libbpf requires)
        assertThatThrownBy(() -> core.relocate(11, "0:0", FIELD_EXISTS)).isInstanceOf(BtfException.class);
        // types: both candidates exist, so the answer agrees
        assertThat(value(11, "0", TYPE_EXISTS)).isEqualTo(1);
    }

    @Test
    void arraysAndAnonymousMembers() {
        // holder.arr[2].b: local 2*8+4 = 20; target 8 + 2*16 + 8 = 48
        CoreRelocator.Result r = core.relocate(13, "0:0:2:1", FIELD_BYTE_OFFSET);
        assertThat(r.oldValue()).isEqualTo(20);
        assertThat(r.newValue()).isEqualTo(48);
        assertThat(value(13, "0:0:2", FIELD_BYTE_OFFSET)).isEqualTo(8 + 32);
        assertThat(value(13, "0:0:2", FIELD_BYTE_SIZE)).isEqualTo(16);
        // outer.<anon union>.inner: local 0, target 8 + 4
        assertThat(value(15, "0:0:0", FIELD_BYTE_OFFSET)).isEqualTo(12);
        assertThatThrownBy(() -> core.relocate(13, "0:0:9", FIELD_BYTE_OFFSET)).isInstanceOf(BtfException.class);
        assertThatThrownBy(() -> core.relocate(2, "0:x", FIELD_BYTE_OFFSET)).isInstanceOf(BtfException.class);
        assertThatThrownBy(() -> core.relocate(16, "0", TYPE_SIZE)).isInstanceOf(BtfException.class)
                .hasMessageContaining("anonymous");
    }

    @Test
    void patchingInstructions() {
        // r1 = *(u32 *)(r2 + 0) reading foo.a -> offset 12
        Insn[] p = {new Insn(Op.LDX | Op.MEM | Op.W, 1, 2, (short) 0, 0), new Insn(Op.JMP | Op.EXIT, 0, 0, (short) 0, 0)};
        CoreRelocator.patch(p, 0, core.relocate(2, "0:0", FIELD_BYTE_OFFSET));
        assertThat(p[0].off()).isEqualTo((short) 12);
        // ALU immediate: r1 += 4 (offset of foo.b) -> 8
        Insn[] a = {new Insn(Op.ALU64 | Op.ADD | Op.K, 1, 0, (short) 0, 4)};
        CoreRelocator.patch(a, 0, core.relocate(2, "0:1", FIELD_BYTE_OFFSET));
        assertThat(a[0].imm()).isEqualTo(8);
        // wrong original value is an error
        Insn[] bad = {new Insn(Op.ALU64 | Op.ADD | Op.K, 1, 0, (short) 0, 5)};
        assertThatThrownBy(() -> CoreRelocator.patch(bad, 0, core.relocate(2, "0:1", FIELD_BYTE_OFFSET)))
                .isInstanceOf(BtfException.class).hasMessageContaining("predicts 4");
        // lddw carrying a 64-bit value
        Insn[] ld = {new Insn(Op.LD | Op.IMM | Op.DW, 1, 0, (short) 0, 8), new Insn(0, 0, 0, (short) 0, 0)};
        CoreRelocator.patch(ld, 0, core.relocate(2, "0", TYPE_SIZE));
        assertThat(ld[0].imm()).isEqualTo(16);
        assertThat(ld[1].imm()).isZero();
        // poison: lddw becomes two calls of the bad helper
        Insn[] pl = {new Insn(Op.LD | Op.IMM | Op.DW, 1, 0, (short) 0, 4), new Insn(0, 0, 0, (short) 0, 0)};
        CoreRelocator.patch(pl, 0, core.relocate(8, "0:1", FIELD_BYTE_OFFSET));
        assertThat(pl[0].isHelperCall()).isTrue();
        assertThat(pl[0].imm()).isEqualTo(CoreRelocator.POISON_HELPER);
        assertThat(pl[1].imm()).isEqualTo(CoreRelocator.POISON_HELPER);
    }

    @Test
    void corruptLocalBtfGivesOnlyBtfException() {
        byte[] good = LOCAL.toBytes();
        java.util.Random rnd = new java.util.Random(11);
        String[] accesses = {"0", "0:0", "0:1", "0:2", "1:1", "0:0:2:1", "0:0:0", "2"};
        for (int i = 0; i < 300; i++) {
            byte[] b = good.clone();
            for (int f = 1 + rnd.nextInt(3); f > 0; f--) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            Btf local;
            try {
                local = Btf.parse("fuzz", b);
            } catch (BtfException e) {
                continue;
            }
            CoreRelocator c = new CoreRelocator(local, TARGET);
            for (int id = 1; id < local.typeCount(); id++) {
                for (String acc : accesses) {
                    for (CoreKind k : CoreKind.values()) {
                        try {
                            c.relocate(id, acc, k);
                        } catch (BtfException e) {
                            // expected for nonsense
                        }
                    }
                }
            }
        }
    }

    @Test
    void loadSizeFollowsTheField() {
        // sz.v: unsigned int -> unsigned long: the 4-byte load becomes an 8-byte load
        CoreRelocator.Result r = core.relocate(10, "0:0", FIELD_BYTE_OFFSET);
        assertThat(r.oldSize()).isEqualTo(4);
        assertThat(r.newSize()).isEqualTo(8);
        Insn[] p = {new Insn(Op.LDX | Op.MEM | Op.W, 1, 2, (short) 0, 0)};
        CoreRelocator.patch(p, 0, r);
        assertThat(p[0].opcode()).isEqualTo(Op.LDX | Op.MEM | Op.DW);
        // sz.w: int -> long is signed: the load cannot be resized, the instruction is poisoned
        CoreRelocator.Result w = core.relocate(10, "0:1", FIELD_BYTE_OFFSET);
        assertThat(w.failMemSizeAdjust()).isTrue();
        Insn[] q = {new Insn(Op.LDX | Op.MEM | Op.W, 1, 2, (short) 0, 0)};
        CoreRelocator.patch(q, 0, w);
        assertThat(q[0].imm()).isEqualTo(CoreRelocator.POISON_HELPER);
    }
}
