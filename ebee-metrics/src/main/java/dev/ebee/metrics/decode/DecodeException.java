package dev.ebee.metrics.decode;

/** A key field a decoder cannot read: the key is skipped and counted as a decode error. */
public final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
