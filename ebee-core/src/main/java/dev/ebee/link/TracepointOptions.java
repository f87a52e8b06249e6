package dev.ebee.link;

/**
 * How a tracepoint is attached, beyond which one.
 *
 * @param cookie the BPF cookie the program reads with {@code bpf_get_attach_cookie()} (Linux 5.15+)
 */
public record TracepointOptions(long cookie) {
    /** No cookie. */
    public static final TracepointOptions DEFAULT = new TracepointOptions(0);
}
