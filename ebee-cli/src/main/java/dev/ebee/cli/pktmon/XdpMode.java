package dev.ebee.cli.pktmon;

/** How the XDP program is attached: the driver's native mode, generic (skb) mode, or native if possible. */
public enum XdpMode {
    AUTO, NATIVE, SKB;

    /** The XDP attach flags: 0, XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE. */
    public int flags() {
        return switch (this) {
            case AUTO -> 0;
            case NATIVE -> 1 << 2;
            case SKB -> 1 << 1;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
