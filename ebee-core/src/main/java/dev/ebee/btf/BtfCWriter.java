package dev.ebee.btf;

/** Placeholder, replaced below. */
public final class BtfCWriter {
    private final Btf btf;

    public BtfCWriter(Btf btf) {
        this.btf = btf;
    }

    public void write(StringBuilder out) {
    }
}
