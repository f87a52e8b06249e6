package dev.ebee.btf;

import dev.ebee.BtfException;
import dev.ebee.btf.BtfType.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes types and strings as raw little-endian BTF, as BPF_BTF_LOAD takes it. The string section
 * of parsed BTF is kept as it is (new names are appended), so string offsets that .BTF.ext records
 * carry stay valid. Split BTF is written with its own types and strings only.
 */
public final class BtfWriter {
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();
    private final int stringBase;

    private BtfWriter(Btf btf) {
        stringBase = btf.base() == null ? 0 : btf.base().stringSectionSize();
        byte[] own = btf.hasOwnStrings() ? btf.ownStrings() : null;
        if (own != null && own.length > 0) {
            strings.writeBytes(own);
            int s = 0;
            for (int i = 0; i < own.length; i++) {
                if (own[i] == 0) {
                    offsets.putIfAbsent(new String(own, s, i - s, StandardCharsets.UTF_8), s);
                    s = i + 1;
                }
            }
        } else {
            strings.write(0);
            offsets.put("", 0);
        }
    }

    /** The raw BTF of {@code btf}'s own types. */
    public static byte[] write(Btf btf) {
        BtfWriter w = new BtfWriter(btf);
        List<BtfType> types = btf.types();
        ByteBuffer tb = ByteBuffer.allocate(estimate(types)).order(ByteOrder.LITTLE_ENDIAN);
        for (BtfType t : types) {
            tb = w.encode(tb, t);
        }
        byte[] str = w.strings.toByteArray();
        int typeLen = tb.position();
        ByteBuffer out = ByteBuffer.allocate(Btf.HEADER_SIZE + typeLen + str.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(Btf.HEADER_SIZE)
                .putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        out.put(tb.array(), 0, typeLen).put(str);
        return out.array();
    }

    private static int estimate(List<BtfType> types) {
        long n = 64;
        for (BtfType t : types) {
            n += 16;
            if (t instanceof Composite c) {
                n += 12L * c.members().size();
            } else if (t instanceof AnyEnum e) {
                n += 12L * e.values().size();
            } else if (t instanceof FuncProto f) {
                n += 8L * f.params().size();
            } else if (t instanceof Datasec d) {
                n += 12L * d.vars().size();
            } else {
                n += 12;
            }
        }
        if (n > Integer.MAX_VALUE - 64) {
            throw new BtfException("BTF too large to encode");
        }
        return (int) n;
    }

    private int str(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        Integer o = offsets.get(s);
        if (o == null) {
            o = strings.size();
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (byte x : b) {
                if (x == 0) {
                    throw new BtfException("BTF name contains a NUL byte: " + s);
                }
            }
            strings.writeBytes(b);
            strings.write(0);
            offsets.put(s, o);
        }
        return stringBase + o;
    }

    private static int info(int kind, int vlen, boolean kflag) {
        if (vlen < 0 || vlen > 0xffff) {
            throw new BtfException("BTF vlen " + vlen + " exceeds 65535");
        }
        return (kflag ? 1 << 31 : 0) | kind << 24 | vlen;
    }

    private ByteBuffer encode(ByteBuffer b, BtfType t) {
        // an instanceof chain, not a pattern switch: this runs on every load (a switch bootstrap costs ~1 ms cold)
        if (t instanceof Int x) {
            head(b, x.name(), info(BtfType.KIND_INT, 0, false), x.size());
            b.putInt((x.encoding() & 0xf) << 24 | (x.offset() & 0xff) << 16 | (x.bits() & 0xff));
        } else if (t instanceof Ptr x) {
            head(b, "", info(BtfType.KIND_PTR, 0, false), x.type());
        } else if (t instanceof Array x) {
            head(b, "", info(BtfType.KIND_ARRAY, 0, false), 0);
            b.putInt(x.type()).putInt(x.indexType()).putInt(x.nelems());
        } else if (t instanceof Composite x) {
            head(b, x.name(), info(x.kind(), x.members().size(), x.kindFlag()), x.size());
            for (Member m : x.members()) {
                int off = m.bitOffset();
                if (x.kindFlag()) {
                    if (off > 0xffffff || m.bitfieldSize() > 0xff) {
                        throw new BtfException("member " + m.name() + " of " + x.name() + ": bit offset or size too large for kind_flag encoding");
                    }
                    off = m.bitfieldSize() << 24 | off;
                } else if (m.bitfieldSize() != 0) {
                    throw new BtfException("member " + m.name() + " of " + x.name() + " is a bitfield but kind_flag is not set");
                }
                b.putInt(str(m.name())).putInt(m.type()).putInt(off);
            }
        } else if (t instanceof BtfType.Enum x) {
            head(b, x.name(), info(BtfType.KIND_ENUM, x.values().size(), x.signed()), x.size());
            for (EnumValue v : x.values()) {
                b.putInt(str(v.name())).putInt((int) v.value());
            }
        } else if (t instanceof Enum64 x) {
            head(b, x.name(), info(BtfType.KIND_ENUM64, x.values().size(), x.signed()), x.size());
            for (EnumValue v : x.values()) {
                b.putInt(str(v.name())).putInt((int) v.value()).putInt((int) (v.value() >>> 32));
            }
        } else if (t instanceof Fwd x) {
            head(b, x.name(), info(BtfType.KIND_FWD, 0, x.union()), 0);
        } else if (t instanceof Typedef x) {
            head(b, x.name(), info(BtfType.KIND_TYPEDEF, 0, false), x.type());
        } else if (t instanceof Volatile x) {
            head(b, "", info(BtfType.KIND_VOLATILE, 0, false), x.type());
        } else if (t instanceof Const x) {
            head(b, "", info(BtfType.KIND_CONST, 0, false), x.type());
        } else if (t instanceof Restrict x) {
            head(b, "", info(BtfType.KIND_RESTRICT, 0, false), x.type());
        } else if (t instanceof Func x) {
            head(b, x.name(), info(BtfType.KIND_FUNC, x.linkage(), false), x.type());
        } else if (t instanceof FuncProto x) {
            head(b, "", info(BtfType.KIND_FUNC_PROTO, x.params().size(), false), x.returnType());
            for (Param p : x.params()) {
                b.putInt(str(p.name())).putInt(p.type());
            }
        } else if (t instanceof Var x) {
            head(b, x.name(), info(BtfType.KIND_VAR, 0, false), x.type());
            b.putInt(x.linkage());
        } else if (t instanceof Datasec x) {
            head(b, x.name(), info(BtfType.KIND_DATASEC, x.vars().size(), false), x.size());
            for (VarSecinfo v : x.vars()) {
                b.putInt(v.type()).putInt(v.offset()).putInt(v.size());
            }
        } else if (t instanceof BtfType.Float x) {
            head(b, x.name(), info(BtfType.KIND_FLOAT, 0, false), x.size());
        } else if (t instanceof DeclTag x) {
            head(b, x.name(), info(BtfType.KIND_DECL_TAG, 0, x.attribute()), x.type());
            b.putInt(x.componentIdx());
        } else if (t instanceof TypeTag x) {
            head(b, x.name(), info(BtfType.KIND_TYPE_TAG, 0, x.attribute()), x.type());
        } else if (t instanceof BtfType.Void) {
            throw new BtfException("void (type id 0) cannot be encoded");
        } else {
            throw new BtfException("cannot encode " + t);
        }
        return b;
    }

    private void head(ByteBuffer b, String name, int info, int sizeOrType) {
        b.putInt(str(name)).putInt(info).putInt(sizeOrType);
    }
}
