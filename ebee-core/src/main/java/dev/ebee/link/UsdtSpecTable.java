package dev.ebee.link;

import dev.ebee.BpfMap;
import dev.ebee.EbeeException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument specs of the USDT probes a collection's programs are attached to: the
 * {@code __bpf_usdt_specs} array map that libbpf's {@code usdt.bpf.h} declares, which
 * {@code bpf_usdt_arg()}, {@code bpf_usdt_arg_cnt()} and {@code bpf_usdt_cookie()} read at the
 * index the probe's BPF cookie carries. This class hands out those indexes: sites whose specs are
 * equal (same arguments and USDT cookie) share one, and an index is free again once the last link
 * using it is closed.
 *
 * <p>The value is {@code struct __bpf_usdt_spec}: 12 {@code struct __bpf_usdt_arg_spec} of 16 bytes
 * ({@code u64 val_off}, {@code enum arg_type} (0 constant, 1 register, 2 register dereference),
 * {@code short reg_off} into {@code struct pt_regs}, {@code bool arg_signed}, {@code char arg_bitshift}),
 * then {@code u64 usdt_cookie} and {@code short arg_cnt}: 208 bytes.
 */
public final class UsdtSpecTable {
    /** The map's name in an object that includes usdt.bpf.h. */
    public static final String MAP_NAME = "__bpf_usdt_specs";
    static final int MAX_ARGS = 12, ARG_SIZE = 16, COOKIE_OFFSET = MAX_ARGS * ARG_SIZE, COUNT_OFFSET = COOKIE_OFFSET + 8,
            VALUE_SIZE = 208;
    static final int ARG_CONST = 0, ARG_REG = 1, ARG_REG_DEREF = 2;

    private final BpfMap specs;
    private final Map<ByteBuffer, Integer> idBySpec = new HashMap<>();
    private final int[] users;

    private UsdtSpecTable(BpfMap specs) {
        this.specs = specs;
        this.users = new int[specs.maxEntries()];
    }

    /**
     * The table over {@code specs}, a loaded {@code __bpf_usdt_specs} map. Use one table per map:
     * two would hand out the same index twice.
     *
     * @throws EbeeException when the map's value is not usdt.bpf.h's {@code struct __bpf_usdt_spec}
     */
    public static UsdtSpecTable of(BpfMap specs) {
        if (specs.valueSize() != VALUE_SIZE || specs.keySize() != 4) {
            throw new EbeeException("map " + specs.name() + " is not usdt.bpf.h's spec map: key " + specs.keySize()
                    + " and value " + specs.valueSize() + " bytes, where struct __bpf_usdt_spec takes 4 and " + VALUE_SIZE,
                    "declare the map by including <bpf/usdt.bpf.h>, whose struct __bpf_usdt_spec ebee fills");
        }
        return new UsdtSpecTable(specs);
    }

    /** The map this table fills. */
    public BpfMap map() {
        return specs;
    }

    /**
     * The index of the spec of {@code args} with {@code usdtCookie}, written into the map if new.
     *
     * @throws EbeeException when an argument cannot be expressed in usdt.bpf.h's spec, or the map is full
     */
    synchronized int acquire(List<UsdtArgument> args, long usdtCookie, String probe) {
        ByteBuffer value = encode(args, usdtCookie, probe);
        Integer id = idBySpec.get(value);
        if (id == null) {
            id = freeSlot(probe);
            specs.update(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(id).array(), value.array(), 0);
            idBySpec.put(value, id);
        }
        users[id]++;
        return id;
    }

    /** Gives back an index from {@link #acquire}. */
    synchronized void release(int id) {
        if (--users[id] == 0) {
            idBySpec.values().remove(id);
        }
    }

    private int freeSlot(String probe) {
        for (int i = 0; i < users.length; i++) {
            if (users[i] == 0) {
                return i;
            }
        }
        throw new EbeeException("cannot attach " + probe + ": all " + users.length + " USDT specs of " + specs.name()
                + " are in use", "define BPF_USDT_MAX_SPEC_CNT larger before including usdt.bpf.h, or attach fewer probes");
    }

    /** struct __bpf_usdt_spec for these arguments, little-endian as on x86-64. */
    static ByteBuffer encode(List<UsdtArgument> args, long usdtCookie, String probe) {
        if (args.size() > MAX_ARGS) {
            throw new EbeeException(probe + " has " + args.size() + " arguments; usdt.bpf.h reads at most " + MAX_ARGS, null);
        }
        ByteBuffer b = ByteBuffer.allocate(VALUE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < args.size(); i++) {
            UsdtArgument a = args.get(i);
            int at = i * ARG_SIZE;
            int type = switch (a.kind()) {
                case CONSTANT -> ARG_CONST;
                case REGISTER -> ARG_REG;
                case MEMORY -> {
                    if (a.index() != null) {
                        throw new EbeeException("cannot attach " + probe + ": argument " + (i + 1) + " '" + a.text()
                                + "' adds an index register, which usdt.bpf.h's spec (register + offset) cannot express", null);
                    }
                    yield ARG_REG_DEREF;
                }
            };
            b.putLong(at, a.value());
            b.putInt(at + 8, type);
            b.putShort(at + 12, (short) (a.kind() == UsdtArgument.Kind.CONSTANT ? 0 : a.registerOffset()));
            b.put(at + 14, (byte) (a.signed() ? 1 : 0));
            b.put(at + 15, (byte) (64 - 8 * a.size()));
        }
        b.putLong(COOKIE_OFFSET, usdtCookie);
        b.putShort(COUNT_OFFSET, (short) args.size());
        return b;
    }
}
