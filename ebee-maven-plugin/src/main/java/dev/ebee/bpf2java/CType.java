package dev.ebee.bpf2java;

import java.util.List;

/**
 * The C types bpf2java maps to Java, resolved from BTF: typedefs, {@code const}, {@code volatile}
 * and type tags are already peeled off, so every node is a layout. A tree: pointers are not followed.
 */
public sealed interface CType {
    /** Size in bytes. */
    long byteSize();

    /** The C spelling used in generated documentation and error messages. */
    String cName();

    /** An integer; {@code isChar} for {@code char}, {@code isBool} for {@code _Bool}. */
    record Int(String cName, int size, boolean signed, boolean isChar, boolean isBool) implements CType {
        @Override
        public long byteSize() {
            return size;
        }
    }

    /** {@code float} or {@code double}. */
    record Float(String cName, int size) implements CType {
        @Override
        public long byteSize() {
            return size;
        }
    }

    /** A pointer: its value is an address in the kernel or another process, mapped to a {@code long}. */
    record Pointer(String cName) implements CType {
        @Override
        public long byteSize() {
            return 8;
        }
    }

    /** A fixed-size array. */
    record Array(CType element, long length) implements CType {
        @Override
        public long byteSize() {
            return element.byteSize() * length;
        }

        @Override
        public String cName() {
            return declaration("");
        }

        /** The C declaration of a member {@code name} of this type: {@code __u32 grid[2][3]}. */
        public String declaration(String name) {
            StringBuilder dims = new StringBuilder();
            CType t = this;
            while (t instanceof Array a) {
                dims.append('[').append(a.length()).append(']');
                t = a.element();
            }
            return t.cName() + (name.isEmpty() ? "" : " " + name) + dims;
        }
    }

    /**
     * A struct or union. {@code name} is empty for an anonymous one.
     */
    record Struct(String name, long size, boolean union, List<Member> members) implements CType {
        public Struct {
            members = List.copyOf(members);
        }

        @Override
        public long byteSize() {
            return size;
        }

        @Override
        public String cName() {
            return (union ? "union " : "struct ") + (name.isEmpty() ? "<anonymous>" : name);
        }
    }

    /**
     * A struct or union member.
     *
     * @param name      empty for an anonymous struct or union member
     * @param bitOffset offset from the start of the enclosing struct, in bits
     * @param bitSize   width of a bitfield, 0 for an ordinary member
     */
    record Member(String name, CType type, long bitOffset, int bitSize) {
        public boolean isBitfield() {
            return bitSize != 0;
        }

        public long byteOffset() {
            return bitOffset / 8;
        }
    }

    /** An enum. {@code name} is empty for an anonymous one. */
    record Enum(String name, int size, boolean signed, List<EnumValue> values) implements CType {
        public Enum {
            values = List.copyOf(values);
        }

        @Override
        public long byteSize() {
            return size;
        }

        @Override
        public String cName() {
            return "enum " + (name.isEmpty() ? "<anonymous>" : name);
        }
    }

    record EnumValue(String name, long value) {
    }

    /** A type without a Java mapping (void, a function, a forward declaration): a reason to refuse. */
    record Unsupported(String cName, String why) implements CType {
        @Override
        public long byteSize() {
            return 0;
        }
    }
}
