package dev.ebee.link;

/**
 * How a kprobe or kretprobe is placed, beyond on which function.
 *
 * @param offset bytes past the function's start (entry probes only; 0 for the entry itself)
 * @param cookie the BPF cookie the program reads with {@code bpf_get_attach_cookie()} (Linux 5.15+)
 */
public record KprobeOptions(long offset, long cookie) {
    /** The function's entry, no cookie. */
    public static final KprobeOptions DEFAULT = new KprobeOptions(0, 0);

    public KprobeOptions {
        if (offset < 0) {
            throw new IllegalArgumentException("negative kprobe offset " + offset);
        }
    }

    public KprobeOptions withOffset(long bytes) {
        return new KprobeOptions(bytes, cookie);
    }

    public KprobeOptions withCookie(long value) {
        return new KprobeOptions(offset, value);
    }
}
