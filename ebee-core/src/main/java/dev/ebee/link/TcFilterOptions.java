package dev.ebee.link;

/**
 * Where a legacy tc filter goes on its clsact hook.
 *
 * @param priority the filter's priority, 1 to 65535 (lower runs first)
 * @param handle   the filter's handle within that priority
 */
public record TcFilterOptions(int priority, int handle) {
    /** Priority 1, handle 1. */
    public static final TcFilterOptions DEFAULT = new TcFilterOptions(1, 1);

    public TcFilterOptions {
        if (priority < 1 || priority > 0xffff) {
            throw new IllegalArgumentException("tc priority must be 1..65535: " + priority);
        }
    }
}
