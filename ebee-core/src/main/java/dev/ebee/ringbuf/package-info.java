/**
 * BPF ring buffer reader: {@link dev.ebee.ringbuf.RingBufReader} maps a
 * {@code BPF_MAP_TYPE_RINGBUF} and hands each record to a {@link dev.ebee.ringbuf.RecordHandler}
 * as a view into the mapping, without a system call or an allocation per record.
 *
 * <pre>{@code
 * BpfMap events = collection.map("events"); // owned by the collection
 * try (RingBufReader reader = RingBufReader.open(events)) {
 *     RecordHandler print = (data, offset, length) ->
 *             System.out.println(data.get(ValueLayout.JAVA_INT, offset));
 *     while (reader.poll(Duration.ofMillis(200), print) >= 0) {
 *         // until another thread calls reader.close()
 *     }
 * }
 * }</pre>
 */
package dev.ebee.ringbuf;
