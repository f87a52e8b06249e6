package dev.ebee.bpf2java;

/**
 * Writes the wrapper of a ring buffer or perf event array whose event type is known: a
 * {@code poll} that decodes each record into the event's record, and one that hands over the
 * record's bytes in the mapped ring (for handlers that must not allocate), both over core's
 * {@code RingBufReader} or {@code PerfReader}.
 *
 * <p>The wrapper is an inner class, so that the reader it opens on the first poll joins the
 * binding's {@code attached} list and is closed by the binding's {@code close()}, before the maps.
 */
final class EventReaderWriter {
    private final JavaTypes types;

    EventReaderWriter(JavaTypes types) {
        this.types = types;
    }

    /** The wrapper class {@code cls} of event map {@code m}. */
    void write(SourceWriter w, BpfObjectModel.MapDef m, String cls) {
        boolean perf = m.type() == BpfObjectModel.MapDef.PERF_EVENT_ARRAY;
        String reader = perf ? "PerfReader" : "RingBufReader";
        String event = types.name(m.event());
        w.doc("The " + (perf ? "perf event array" : "ring buffer") + " {@code " + m.name() + "}, whose records are {@link "
                        + event + "}s: " + MapWriter.describe(m) + ".",
                "The " + reader + " is opened on the first poll, and closed by the binding's {@code close()}.",
                "One thread polls at a time.");
        w.line("public final class " + cls + " {");
        w.line("private final BpfMap map;");
        w.line("private " + reader + " reader;");
        w.blank();
        w.keepingConstructor(cls, "BpfMap", "map");
        w.blank();
        w.method("The untyped map.", "public BpfMap raw()", "return map;");
        w.blank();
        w.doc("Waits up to {@code timeout} (null: no limit) for records and hands each, decoded, to {@code handler}.",
                "Returns the number of records, 0 when the time ran out, -1 once the binding is closed.",
                "A record shorter than {@link " + event + "#SIZE} throws IllegalArgumentException.");
        w.line("public int poll(Duration timeout, Consumer<? super " + event + "> handler) {");
        w.line("Objects.requireNonNull(handler, \"handler\");");
        w.line("return poll(timeout, (data, offset, length) -> handler.accept(" + event
                + ".decode(data.asSlice(offset, length))));");
        w.line("}");
        w.blank();
        w.doc("As {@link #poll(Duration, Consumer)}, handing {@code handler} each record's bytes in the mapped ring,",
                "{@code data[offset, offset + length)}, valid until it returns: read members with the record's static",
                "{@code xAt(data, offset)} methods to allocate nothing.");
        w.line("public int poll(Duration timeout, RecordHandler handler) {");
        w.line("Objects.requireNonNull(handler, \"handler\");");
        if (perf) {
            w.line("return reader().poll(timeout, (cpu, data, offset, length) -> handler.onRecord(data, offset, length));");
        } else {
            w.line("return reader().poll(timeout, handler);");
        }
        w.line("}");
        if (perf) {
            w.blank();
            w.method("Samples the kernel dropped, on all CPUs, because a ring was full (0 before the first poll).",
                    "public synchronized long lostSamples()", "return reader == null ? 0 : reader.lostSamples();");
        }
        w.blank();
        w.line("private synchronized " + reader + " reader() {");
        w.line("if (reader == null) {");
        w.line("reader = " + reader + ".open(map);");
        w.line("attached.add(reader);");
        w.line("}");
        w.line("return reader;");
        w.line("}");
        w.line("}");
    }
}
