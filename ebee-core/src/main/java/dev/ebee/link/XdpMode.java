package dev.ebee.link;

/** How an XDP program runs on an interface. */
public enum XdpMode {
    /** Let the kernel choose: the driver's native XDP when it has one, generic otherwise. */
    AUTO(0),
    /** Generic XDP in the network stack (XDP_FLAGS_SKB_MODE): works on every interface, slowest. */
    GENERIC(1 << 1),
    /** Native XDP in the driver (XDP_FLAGS_DRV_MODE); fails when the driver has none. */
    DRIVER(1 << 2);

    private final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }

    /** The XDP_FLAGS_* bits. */
    public int flags() {
        return flags;
    }
}
