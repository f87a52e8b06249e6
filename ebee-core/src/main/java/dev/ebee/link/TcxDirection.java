package dev.ebee.link;

/** Which way the packets a tcx program sees travel. */
public enum TcxDirection {
    INGRESS(AttachTypes.TCX_INGRESS), EGRESS(AttachTypes.TCX_EGRESS);

    private final int attachType;

    TcxDirection(int attachType) {
        this.attachType = attachType;
    }

    /** BPF_TCX_INGRESS or BPF_TCX_EGRESS. */
    public int attachType() {
        return attachType;
    }
}
