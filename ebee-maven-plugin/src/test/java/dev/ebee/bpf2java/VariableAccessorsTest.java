package dev.ebee.bpf2java;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accessors of globals and constants for every scalar kind, which kinds.bpf.c does not all
 * have: each goes to the {@code Variable} accessor of its size with the conversion its decoder
 * uses, atomics only where the CPU can make them, and the class compiles with -Xlint:all -Werror.
 */
class VariableAccessorsTest {
    @TempDir
    Path dir;

    private static CType.Int integer(String name, int size, boolean signed) {
        return new CType.Int(name, size, signed, false, false);
    }

    private static BpfObjectModel.Variable bss(String name, long offset, CType type) {
        return new BpfObjectModel.Variable(name, ".bss", offset, type);
    }

    private static final List<BpfObjectModel.Variable> GLOBALS = List.of(
            bss("u8", 0, integer("__u8", 1, false)),
            bss("s8", 1, new CType.Int("char", 1, true, true, false)),
            bss("flag", 2, new CType.Int("_Bool", 1, false, false, true)),
            bss("u16", 4, integer("__u16", 2, false)),
            bss("s16", 6, integer("__s16", 2, true)),
            bss("u32", 8, integer("__u32", 4, false)),
            bss("s32", 12, integer("__s32", 4, true)),
            bss("u64", 16, integer("__u64", 8, false)),
            bss("odd", 28, integer("__u64", 8, false)),
            bss("ratio", 36, new CType.Float("float", 4)),
            bss("mean", 40, new CType.Float("double", 8)),
            bss("where", 48, new CType.Pointer("void *")),
            bss("state", 56, new CType.Enum("state", 4, false, List.of(new CType.EnumValue("ON", 1)))),
            bss("name", 60, new CType.Array(new CType.Int("char", 1, true, true, false), 8)));

    private static final List<BpfObjectModel.Variable> CONSTANTS = List.of(
            new BpfObjectModel.Variable("limit", ".rodata", 0, integer("__u32", 4, false)));

    private static String generate() {
        BpfObjectModel model = new BpfObjectModel("vars.bpf.c", List.of(), List.of(), CONSTANTS, GLOBALS, List.of(),
                List.of());
        return new JavaGenerator(model, new JavaGenerator.Options("test.gen", "VarsBpf", "vars.bpf.o")).generate();
    }

    @Test
    void scalarsGoToTheAccessorOfTheirSize() {
        String java = generate();
        assertThat(java)
                .contains("return Byte.toUnsignedInt(collection.variable(\"u8\").getByte());")
                .contains("collection.variable(\"u8\").setByte((byte) value);")
                .contains("return collection.variable(\"s8\").getByte();")
                .contains("return collection.variable(\"flag\").getByte() != 0;")
                .contains("collection.variable(\"flag\").setByte((byte) (value ? 1 : 0));")
                .contains("return Short.toUnsignedInt(collection.variable(\"u16\").getShort());")
                .contains("collection.variable(\"s16\").setShort(value);")
                .contains("return Integer.toUnsignedLong(collection.variable(\"u32\").getInt());")
                .contains("collection.variable(\"u32\").setInt((int) value);")
                .contains("return Float.intBitsToFloat(collection.variable(\"ratio\").getInt());")
                .contains("collection.variable(\"mean\").setLong(Double.doubleToRawLongBits(value));")
                .contains("return collection.variable(\"where\").getLong();")
                .contains("return collection.variable(\"state\").getInt();")
                .contains("return readString(segment, 0, 8);")
                .contains("return Integer.toUnsignedLong(collection.variable(\"limit\").getInt());");
        // atomics: aligned 4- and 8-byte integers only
        assertThat(java)
                .contains("public long getAndAddU32(long delta) {")
                .contains("return Integer.toUnsignedLong(collection.variable(\"u32\").getAndAddInt((int) delta));")
                .contains("return collection.variable(\"u32\").compareAndSetInt((int) expected, (int) value);")
                .contains("public int getAndAddS32(int delta) {")
                .contains("public boolean compareAndSetU64(long expected, long value) {")
                .doesNotContain("getAndAddOdd", "getAndAddU16", "getAndAddFlag", "getAndAddState", "getAndAddRatio",
                        "getAndAddLimit", "setLimit");
    }

    @Test
    void compilesWithoutWarnings() throws Exception {
        try (Compiled c = Compiled.compile(dir, Map.of("test.gen.VarsBpf", generate()))) {
            assertThat(c).isNotNull();
        }
    }
}
