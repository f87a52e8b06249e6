package dev.ebee.link;

import dev.ebee.AttachType;

/** Which way the packets a tcx program sees travel. */
public enum TcxDirection {
    INGRESS(AttachType.TCX_INGRESS), EGRESS(AttachType.TCX_EGRESS);

    private final AttachType attachType;

    TcxDirection(AttachType attachType) {
        this.attachType = attachType;
    }

    /** BPF_TCX_INGRESS or BPF_TCX_EGRESS. */
    public AttachType attachType() {
        return attachType;
    }
}
