/**
 * Perf event array reader: {@link dev.ebee.perf.PerfReader} opens a
 * {@code PERF_COUNT_SW_BPF_OUTPUT} perf ring on every online CPU, stores it in a
 * {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} for {@code bpf_perf_event_output}, and hands each sample
 * to a {@link dev.ebee.perf.SampleHandler} as a view into the ring; lost samples are reported
 * per CPU.
 *
 * <pre>{@code
 * try (PerfReader reader = PerfReader.open(map, PerfReader.Options.defaults().withPagesPerCpu(64))) {
 *     SampleHandler h = new SampleHandler() {
 *         public void onSample(int cpu, MemorySegment data, long offset, int length) { ... }
 *         public void onLost(int cpu, long lost) { System.err.println(lost + " lost on CPU " + cpu); }
 *     };
 *     while (reader.poll(Duration.ofMillis(200), h) >= 0) { }
 * }
 * }</pre>
 */
package dev.ebee.perf;
