package dev.ebee.bpf2java;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.ebee.bpf2java.JavaTypes.declaration;
import static dev.ebee.bpf2java.SourceWriter.esc;
import static dev.ebee.bpf2java.SourceWriter.quote;

/**
 * Writes the binding class's own members: what a user holds in hand. The {@code Spec} stage
 * (constants, initial values, map sizes, which programs load), {@code load()}, and on the loaded
 * object an accessor per program and map, the attach methods and {@code close()}. The accessors of
 * global variables are {@link VariableWriter}'s; the nested records, enums and map wrappers it
 * refers to are written by the other writers.
 */
final class SkeletonWriter {
    /** Members of the generated class itself; a program or map accessor with such a name gets a suffix. */
    private static final Set<String> RESERVED_MEMBERS = Set.of("load", "close", "attachAll", "attachAllAvailable", "collection", "spec",
            "objectBytes", "toString", "hashCode", "equals", "getClass", "notify", "notifyAll", "wait", "clone",
            "finalize", "OBJECT_RESOURCE", "checkSize", "readString", "writeString", "readBytes", "writeBytes",
            "readBits", "writeBits");

    private final BpfObjectModel model;
    private final JavaGenerator.Options options;
    private final JavaTypes types;
    private final ValueCode values;

    SkeletonWriter(BpfObjectModel model, JavaGenerator.Options options, JavaTypes types, ValueCode values) {
        this.model = model;
        this.options = options;
        this.types = types;
        this.values = values;
    }

    /** Sections {@code Collection.attachAll()} attaches without being told a target: libbpf's auto-attach kinds. */
    static boolean autoAttachable(String section) {
        return dev.ebee.Collection.autoAttachable(section);
    }

    /**
     * The class documentation, its opening and its members up to {@code close()}; returns the
     * wrapper class names it gave the typed maps, for their classes to be written under them.
     */
    Map<BpfObjectModel.MapDef, String> write(SourceWriter w) {
        Names.Scope members = new Names.Scope(RESERVED_MEMBERS);
        Map<BpfObjectModel.MapDef, String> mapFields = new LinkedHashMap<>();
        Map<BpfObjectModel.MapDef, String> mapClasses = new LinkedHashMap<>();
        for (BpfObjectModel.MapDef m : model.maps()) {
            mapFields.put(m, members.claim(Names.lowerCamel(m.name()), "Map"));
            if (MapWriter.isTyped(m)) {
                mapClasses.put(m, types.claim(Names.withSuffix(m.name(), "Map")));
            }
        }
        Map<BpfObjectModel.Program, String> progMethods = new LinkedHashMap<>();
        for (BpfObjectModel.Program p : model.programs()) {
            progMethods.put(p, members.claim(Names.lowerCamel(p.name()), "Program"));
        }
        Map<BpfObjectModel.Program, String> attachMethods = attachMethods(members);
        classDoc(w, attachMethods);
        String cls = options.className();
        w.line("public final class " + cls + " implements AutoCloseable {");
        w.doc("The class-path resource holding the compiled object, next to this class.");
        w.line("public static final String OBJECT_RESOURCE = " + quote(options.resourceName()) + ";");
        w.blank();
        w.line(HelperWriter.LAYOUTS_MARKER);
        w.blank();
        w.line("private final Collection collection;");
        w.line("private final List<AutoCloseable> attached = new ArrayList<>();");
        for (var e : mapClasses.entrySet()) {
            w.line("private final " + e.getValue() + " " + mapFields.get(e.getKey()) + ";");
        }
        w.blank();
        w.line("private " + cls + "(Collection collection) {");
        w.line("this.collection = collection;");
        for (var e : mapClasses.entrySet()) {
            w.line("this." + mapFields.get(e.getKey()) + " = new " + e.getValue() + "(collection.map("
                    + quote(e.getKey().name()) + "));");
        }
        w.line("}");
        w.blank();
        w.method("Parses the object; change it through the returned spec, then {@link Spec#load()}.",
                "public static Spec spec()", "return new Spec(ObjectFile.fromResource(" + cls + ".class, OBJECT_RESOURCE));");
        w.blank();
        w.method("Loads the object as compiled: {@code spec().load()}.", "public static " + cls + " load()",
                "return spec().load();");
        w.blank();
        spec(w);
        for (BpfObjectModel.Program p : model.programs()) {
            w.blank();
            w.method("The program {@code " + p.name() + "}, section {@code " + esc(p.section()) + "}.",
                    "public Program " + progMethods.get(p) + "()", "return collection.program(" + quote(p.name()) + ");");
        }
        for (BpfObjectModel.MapDef m : model.maps()) {
            w.blank();
            String doc = "The map {@code " + m.name() + "}: " + MapWriter.describe(m) + ".";
            if (mapClasses.containsKey(m)) {
                w.method(doc, "public " + mapClasses.get(m) + " " + mapFields.get(m) + "()", "return " + mapFields.get(m) + ";");
            } else {
                w.method(doc, "public BpfMap " + mapFields.get(m) + "()", "return collection.map(" + quote(m.name()) + ");");
            }
        }
        attach(w, attachMethods);
        VariableWriter variables = new VariableWriter(types, values);
        for (BpfObjectModel.Variable v : model.globals()) {
            variables.global(w, members, v);
        }
        for (BpfObjectModel.Variable v : model.constants()) {
            variables.constant(w, members, v);
        }
        w.blank();
        w.method("The loaded collection, for what this class does not wrap.", "public Collection collection()",
                "return collection;");
        close(w);
        return mapClasses;
    }

    /** The class documentation, whose example attaches each program by a method that can attach it. */
    private void classDoc(SourceWriter w, Map<BpfObjectModel.Program, String> attachMethods) {
        List<String> doc = new ArrayList<>();
        doc.add("Typed bindings for the BPF object built from {@code " + esc(model.sourceName()) + "}.");
        doc.add("");
        doc.add("<pre>{@code");
        // StopSignals: Ctrl-C and SIGTERM end the loop, so that try-with-resources detaches and main exits 0
        doc.add("try (" + options.className() + " bpf = " + options.className() + ".load(); StopSignals stop = StopSignals.install()) {");
        if (refused().isEmpty()) {
            doc.add("    bpf.attachAll();");
        } else {
            for (BpfObjectModel.Program p : model.programs()) {
                String m = attachMethods.get(p);
                if (m != null) {
                    doc.add("    bpf." + m + "(" + TargetedAttach.of(p.section()).map(TargetedAttach::example).orElse("") + ");");
                } else if (!runOnly(p)) {
                    doc.add("    // " + p.name() + ": " + esc(dev.ebee.link.AutoAttach.refusal(p.section()).orElseThrow()));
                }
            }
        }
        doc.add("    while (!stop.await(Duration.ofSeconds(1))) {");
        doc.add("        // read the maps");
        doc.add("    }");
        doc.add("} // on Ctrl-C or SIGTERM: detached, unloaded, and main returns");
        doc.add("}</pre>");
        list(doc, "Programs", model.programs().stream()
                .map(p -> "{@code " + p.name() + "}: {@code SEC(\"" + esc(p.section()) + "\")}").toList());
        list(doc, "Maps", model.maps().stream().map(m -> "{@code " + m.name() + "}: " + MapWriter.describe(m)).toList());
        w.doc(doc.toArray(String[]::new));
    }

    /** A titled HTML list in {@code doc}, unless {@code items} is empty. */
    private static void list(List<String> doc, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        doc.add("");
        doc.add("<p>" + title + ":");
        doc.add("<ul>");
        for (String item : items) {
            doc.add("  <li>" + item + "</li>");
        }
        doc.add("</ul>");
    }

    /** The {@code Spec} stage: edits of the object before load, each returning the spec. */
    private void spec(SourceWriter w) {
        String cls = options.className();
        w.doc("The object before loading: set constants, resize maps, choose programs, then {@link #load()}.");
        w.line("public static final class Spec {");
        w.line("private final CollectionSpec spec;");
        w.blank();
        w.line("private Spec(CollectionSpec spec) {");
        w.line("this.spec = spec;");
        w.line("}");
        Names.Scope scope = new Names.Scope(Set.of("load", "collectionSpec", "toString", "hashCode", "equals",
                "getClass", "notify", "notifyAll", "wait", "spec"));
        for (BpfObjectModel.Variable v : model.constants()) {
            String m = scope.claim(Names.lowerCamel(v.name()), "Constant");
            w.blank();
            w.doc("Sets {@code const volatile " + esc(declaration(v.type(), v.name())) + "} in {@code " + v.section()
                    + "} (" + v.type().byteSize() + (v.type().byteSize() == 1 ? " byte" : " bytes") + ") before load.");
            specSetter(w, m, v, "setConstant");
        }
        for (BpfObjectModel.Variable v : model.globals()) {
            String m = scope.claim(Names.lowerCamel(v.name()), "Initial");
            w.blank();
            w.doc("Sets the initial value of the global {@code " + esc(declaration(v.type(), v.name())) + "} in {@code "
                    + v.section() + "}; after load, read and write it through the loaded object.");
            specSetter(w, m, v, "set");
        }
        for (BpfObjectModel.MapDef m : model.maps()) {
            String name = scope.claim(Names.lowerCamel(m.name()) + "MaxEntries", "_");
            w.blank();
            w.method("Sets {@code max_entries} of map {@code " + m.name() + "} (" + m.maxEntries() + " in the object).",
                    "public Spec " + name + "(int maxEntries)", "spec.resizeMap(" + quote(m.name()) + ", maxEntries);",
                    "return this;");
        }
        for (BpfObjectModel.Program p : model.programs()) {
            String name = scope.claim(Names.lowerCamel(p.name()) + "Autoload", "_");
            w.blank();
            w.method("Whether program {@code " + p.name() + "} ({@code " + esc(p.section()) + "}) loads; all do by default.",
                    "public Spec " + name + "(boolean autoload)", "spec.setAutoload(" + quote(p.name()) + ", autoload);",
                    "return this;");
        }
        w.blank();
        w.method("The underlying spec, for what this class does not wrap.", "public CollectionSpec collectionSpec()",
                "return spec;");
        w.blank();
        w.method("Creates the maps and loads the programs into the kernel.", "public " + cls + " load()",
                "return new " + cls + "(spec.load());");
        w.line("}");
    }

    /** A {@code Spec} method that encodes its argument as {@code v} and hands the bytes to {@code CollectionSpec.call}. */
    private void specSetter(SourceWriter w, String method, BpfObjectModel.Variable v, String call) {
        w.line("public Spec " + method + "(" + types.javaType(v.type()) + " value) {");
        values.encodeToBytes(w, v.type(), types.javaType(v.type()), v.name());
        w.line("spec." + call + "(" + quote(v.name()) + ", bytes);");
        w.line("return this;");
        w.line("}");
    }

    /**
     * The names of the attach methods: {@code attachX()} for each program whose section names its
     * target, then {@code attachX(target)} for each whose section names only its kind of hook.
     */
    private Map<BpfObjectModel.Program, String> attachMethods(Names.Scope members) {
        Map<BpfObjectModel.Program, String> names = new LinkedHashMap<>();
        for (BpfObjectModel.Program p : model.programs()) {
            if (autoAttachable(p.section())) {
                names.put(p, members.claim("attach" + Names.upperCamel(p.name()), "_"));
            }
        }
        for (BpfObjectModel.Program p : model.programs()) {
            if (TargetedAttach.of(p.section()).isPresent()) {
                names.put(p, members.claim("attach" + Names.upperCamel(p.name()), "_"));
            }
        }
        return names;
    }

    /** Syscall programs are run, never attached. */
    /** Programs attachAll() leaves alone: syscall programs are run, struct_ops programs go with their map's registration. */
    private static boolean runOnly(BpfObjectModel.Program p) {
        return dev.ebee.SectionDef.find(p.section()).map(m -> m.def().type() == dev.ebee.ProgramType.SYSCALL
                || m.def().type() == dev.ebee.ProgramType.STRUCT_OPS).orElse(false);
    }

    /** The programs {@code Collection.attachAll()} refuses: sections that do not say where to attach. */
    private List<BpfObjectModel.Program> refused() {
        return model.programs().stream().filter(p -> !autoAttachable(p.section()) && !runOnly(p)).toList();
    }

    /** The attach method of each program that has one, then {@code attachAll()} and {@code attachAllAvailable()}. */
    private void attach(SourceWriter w, Map<BpfObjectModel.Program, String> methods) {
        boolean anyAuto = false;
        for (var e : methods.entrySet()) {
            BpfObjectModel.Program p = e.getKey();
            Optional<TargetedAttach> t = TargetedAttach.of(p.section());
            w.blank();
            if (t.isEmpty()) {
                anyAuto = true;
                w.method("Attaches {@code " + p.name() + "} where its section {@code " + esc(p.section())
                        + "} says; the link is closed by {@link #close()}, or earlier by the caller.", "public Link " + e.getValue() + "()",
                        "Link link = collection.attach(" + quote(p.name()) + ");", "attached.add(link);", "return link;");
            } else {
                String type = t.get().linkType();
                w.method("Attaches {@code " + p.name() + "} (section {@code " + esc(p.section()) + "}) to the target given"
                        + "; the link is closed by {@link #close()}, or earlier by the caller.",
                        "public " + type + " " + e.getValue() + "(" + t.get().parameters() + ")",
                        type + " link = " + t.get().call().formatted("collection.program(" + quote(p.name()) + ")") + ";",
                        "attached.add(link);", "return link;");
            }
        }
        List<String> refused = refused().stream().map(p -> "{@code " + p.name() + "} ({@code " + esc(p.section()) + "})").toList();
        List<String> run = model.programs().stream().filter(SkeletonWriter::runOnly).map(p -> "{@code " + p.name() + "}").toList();
        w.blank();
        w.method("Attaches every loaded program whose section names its attach point" + (anyAuto ? "" : " (this object has none)")
                + ", all or none; the links are closed by {@link #close()}, or earlier by closing the result."
                + (refused.isEmpty() ? "" : "\nThrows an EbeeException instead, before attaching anything, as these sections name no"
                        + " target: " + String.join(", ", refused) + "; attach them with their own methods.")
                + (run.isEmpty() ? "" : "\nNot attached, syscall programs are run: " + String.join(", ", run) + "."),
                "public Attachments attachAll()", "Attachments attachments = collection.attachAll();",
                "attached.add(attachments);", "return attachments;");
        w.blank();
        w.method("As {@link #attachAll()}, but the programs whose sections name no target are left unattached and"
                        + " listed in {@link Attachments#skipped()}.",
                "public Attachments attachAllAvailable()", "Attachments attachments = collection.attachAllAvailable();",
                "attached.add(attachments);", "return attachments;");
    }

    private static void close(SourceWriter w) {
        w.blank();
        w.doc("Detaches (closes the links made here) and unloads everything this object loaded.");
        w.line("@Override");
        w.line("public void close() {");
        w.line("try {");
        w.line("for (int i = attached.size() - 1; i >= 0; i--) {");
        w.line("try {");
        w.line("attached.get(i).close();");
        w.line("} catch (Exception e) {");
        w.line("// keep closing: closing the collection releases the programs in any case");
        w.line("}");
        w.line("}");
        w.line("attached.clear();");
        w.line("} finally {");
        w.line("collection.close();");
        w.line("}");
        w.line("}");
    }
}
