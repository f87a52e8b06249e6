package dev.ebee.btf;

import dev.ebee.BtfException;

/** The CO-RE relocation kinds (enum bpf_core_relo_kind), in kernel numbering. */
public enum CoreKind {
    FIELD_BYTE_OFFSET(0), FIELD_BYTE_SIZE(1), FIELD_EXISTS(2), FIELD_SIGNED(3), FIELD_LSHIFT_U64(4),
    FIELD_RSHIFT_U64(5), TYPE_ID_LOCAL(6), TYPE_ID_TARGET(7), TYPE_EXISTS(8), TYPE_SIZE(9), ENUMVAL_EXISTS(10),
    ENUMVAL_VALUE(11), TYPE_MATCHES(12);

    private final int value;

    CoreKind(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public boolean isFieldBased() {
        return value <= 5;
    }

    public boolean isTypeBased() {
        return value >= 6 && value <= 9 || value == 12;
    }

    public boolean isEnumValueBased() {
        return value == 10 || value == 11;
    }

    public static CoreKind of(int value, String source) {
        CoreKind[] all = values();
        if (value < 0 || value >= all.length) {
            throw new BtfException(source + ": unknown CO-RE relocation kind " + value);
        }
        return all[value];
    }
}
