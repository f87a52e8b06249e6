package dev.ebee.cli.common;

/**
 * The kernel side of an event tool, once its programs are loaded and attached: a source of raw
 * event records (ring buffer or perf buffer) and the count of records the kernel could not
 * deliver. Closing it detaches everything and frees the kernel objects.
 */
public interface EventStream extends AutoCloseable {

    /**
     * Waits up to {@code timeoutMillis} for records and hands each one to {@code handler}. A
     * record is a view into the buffer, valid only while the handler runs.
     *
     * @return the number of records handled
     */
    int poll(int timeoutMillis, RecordHandler handler);

    /**
     * Records lost so far, in total: ring buffer reservations that failed (counted by the BPF
     * program in its {@code dropped} map) or perf samples the kernel reported lost.
     */
    long lost();

    /** Detaches the programs and frees the kernel objects. */
    @Override
    void close();
}
