package dev.ebee.bpf2java;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole bpf2java build step, without Maven: compile every {@code *.c} of a directory with
 * clang (when it or a header it includes changed), take prebuilt objects as they are, put each
 * object under the resource directory and write its Java binding.
 *
 * <p>Layout, for {@code foo.bpf.c} and package {@code com.example}:
 * <pre>
 * javaOutput/com/example/FooBpf.java
 * resourceOutput/com/example/foo.bpf.o      (next to the class, read with getResourceAsStream)
 * workDirectory/include/vmlinux.h         (from the build machine's kernel BTF, or {@link Config#btf()})
 * workDirectory/deps/foo.bpf.d, foo.bpf.cmd (what the object was built from, and how)
 * </pre>
 */
public final class Bpf2Java {
    /** Receives progress and clang's diagnostics. */
    public interface Listener {
        void info(String message);

        void warn(String message);

        void error(String message);
    }

    /**
     * @param sourceDirectory where the BPF C files ({@code *.c}) are (may be absent when {@code objects} are given)
     * @param objects         prebuilt objects to generate bindings for, without compiling
     * @param packageName     the Java package of the generated classes
     * @param javaOutput      generated sources root
     * @param resourceOutput  generated resources root
     * @param workDirectory   vmlinux.h, dependency files
     * @param clang           clang to use: a path or a name on PATH; null or blank: find one
     * @param cflags          extra clang flags
     * @param btf             kernel BTF to write vmlinux.h from
     * @param vmlinuxHeader   a vmlinux.h to use instead of writing one, or null
     * @param events          struct names to generate records for in every object
     * @param stripDebug      remove DWARF from compiled objects (llvm-strip -g; BTF stays)
     */
    public record Config(Path sourceDirectory, List<Path> objects, String packageName, Path javaOutput,
            Path resourceOutput, Path workDirectory, String clang, List<String> cflags, Path btf, Path vmlinuxHeader,
            List<String> events, boolean stripDebug) {
        public Config {
            objects = List.copyOf(objects);
            cflags = List.copyOf(cflags);
            events = List.copyOf(events);
        }

        /** A configuration that strips DWARF from compiled objects. */
        public Config(Path sourceDirectory, List<Path> objects, String packageName, Path javaOutput,
                Path resourceOutput, Path workDirectory, String clang, List<String> cflags, Path btf,
                Path vmlinuxHeader, List<String> events) {
            this(sourceDirectory, objects, packageName, javaOutput, resourceOutput, workDirectory, clang, cflags, btf,
                    vmlinuxHeader, events, true);
        }
    }

    /** What a run did. */
    public record Result(List<Path> compiled, List<Path> upToDate, List<Path> javaFiles, List<Path> objects) {
    }

    private final Config config;
    private final Listener log;

    public Bpf2Java(Config config, Listener log) {
        this.config = config;
        this.log = log;
    }

    public Result run() {
        List<Path> sources = sources();
        if (sources.isEmpty() && config.objects().isEmpty()) {
            // without this, the build goes on and javac fails later on a class nobody generated
            throw new Bpf2JavaException("bpf2java has nothing to generate: no *.c file in " + config.sourceDirectory()
                    + " and no <objects>", "put the BPF C there (foo.bpf.c or foo.c gives FooBpf), point"
                    + " <sourceDirectory> at it, or turn the goal off with <skip>true</skip>");
        }
        Path pkgDir = packagePath(config.packageName());
        Path resDir = config.resourceOutput().resolve(pkgDir);
        List<Path> compiled = new ArrayList<>(), upToDate = new ArrayList<>(), javaFiles = new ArrayList<>(),
                objects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!sources.isEmpty()) {
            Path include = config.vmlinuxHeader() != null ? config.vmlinuxHeader().toAbsolutePath().getParent()
                    : sources.stream().anyMatch(Bpf2Java::includesVmlinux) ? vmlinuxHeader()
                    : config.workDirectory().resolve("include");
            Path exe = Clang.find(config.clang(), System.getenv("PATH"));
            Clang clang = new Clang(exe, List.of(include), config.cflags());
            Path deps = config.workDirectory().resolve("deps");
            for (Path src : sources) {
                String file = src.getFileName().toString();
                String base = file.substring(0, file.length() - ".c".length());
                Path obj = resDir.resolve(base + ".o");
                Path dep = deps.resolve(base + ".d");
                Path cmdFile = deps.resolve(base + ".cmd");
                String cmd = String.join("\u0000", clang.command(src.toAbsolutePath(), obj.toAbsolutePath(), dep.toAbsolutePath()))
                        + (config.stripDebug() ? "\u0000strip -g" : "");
                if (DepFile.upToDate(obj, dep) && cmd.equals(readOrEmpty(cmdFile))) {
                    upToDate.add(src);
                } else {
                    log.info("bpf2java: compiling " + config.sourceDirectory().relativize(src) + " with " + exe);
                    Clang.Result r = clang.compile(src.toAbsolutePath(), obj.toAbsolutePath(), dep.toAbsolutePath());
                    for (Diagnostic d : r.diagnostics()) {
                        String text = d + (d.detail().isEmpty() ? "" : "\n" + d.detail());
                        if (d.isError()) {
                            log.error(text);
                        } else if (d.severity().equals("warning")) {
                            log.warn(text);
                        } else {
                            log.info(text);
                        }
                    }
                    if (!r.ok()) {
                        deleteQuietly(obj);
                        Diagnostic first = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElse(null);
                        throw new Bpf2JavaException("clang failed to compile " + src + (first == null
                                ? " (exit code " + r.exitCode() + "): " + r.stderr().strip() : ": " + first),
                                "the errors above show file:line; command: " + String.join(" ", r.command()));
                    }
                    if (config.stripDebug()) {
                        Optional<Path> strip = clang.stripTool(System.getenv("PATH"));
                        if (strip.isEmpty()) {
                            log.info("bpf2java: no llvm-strip next to " + exe + ": " + file + " keeps its DWARF");
                        } else if (!Clang.stripDebug(strip.get(), obj)) {
                            log.warn("bpf2java: " + strip.get() + " -g failed on " + obj + ": it keeps its DWARF");
                        }
                    }
                    write(cmdFile, cmd.getBytes(StandardCharsets.UTF_8));
                    compiled.add(src);
                }
                objects.add(obj);
                names.add(file);
            }
        }
        for (Path o : config.objects()) {
            if (!Files.isRegularFile(o)) {
                throw new Bpf2JavaException("object " + o + " (configured in <objects>) does not exist", null);
            }
            Path dst = resDir.resolve(o.getFileName().toString());
            writeIfChanged(dst, readAll(o));
            objects.add(dst);
            names.add(o.getFileName().toString());
        }
        for (int i = 0; i < objects.size(); i++) {
            String name = names.get(i);
            Path obj = objects.get(i);
            String cls = Names.className(name);
            BpfObjectModel model = ModelBuilder.read(name, readAll(obj), config.events());
            for (String warning : model.warnings()) {
                log.warn("bpf2java: " + name + ": " + warning);
            }
            String java = new JavaGenerator(model, new JavaGenerator.Options(config.packageName(), cls,
                    obj.getFileName().toString())).generate();
            Path out = config.javaOutput().resolve(pkgDir).resolve(cls + ".java");
            if (writeIfChanged(out, java.getBytes(StandardCharsets.UTF_8))) {
                log.info("bpf2java: wrote " + out);
            }
            javaFiles.add(out);
        }
        removeStale(config.javaOutput(), ".java", javaFiles);
        removeStale(config.resourceOutput(), ".o", objects);
        return new Result(compiled, upToDate, javaFiles, objects);
    }

    /**
     * Deletes the files ending in {@code suffix} under {@code root} (a directory only bpf2java
     * writes) that this run did not produce: the outputs of a renamed or removed source, or of a
     * previous package name.
     */
    private void removeStale(Path root, String suffix, List<Path> produced) {
        if (!Files.isDirectory(root)) {
            return;
        }
        java.util.Set<Path> keep = new java.util.HashSet<>();
        for (Path p : produced) {
            keep.add(p.toAbsolutePath().normalize());
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).toList()) {
                if (!keep.contains(p.toAbsolutePath().normalize())) {
                    Files.delete(p);
                    log.info("bpf2java: removed " + p + " (its source is gone)");
                }
            }
        } catch (IOException e) {
            log.warn("bpf2java: cannot clean stale outputs under " + root + ": " + e.getMessage());
        }
    }

    private static final java.util.regex.Pattern VMLINUX_INCLUDE =
            java.util.regex.Pattern.compile("(?m)^\\s*#\\s*include\\s*[<\"]vmlinux\\.h[>\"]");

    /**
     * Whether a source includes vmlinux.h directly, in which case it is written first. (A header
     * that includes it is covered too: vmlinux.h is written whenever any source directory file
     * mentions it.)
     */
    static boolean includesVmlinux(Path source) {
        try (Stream<Path> files = Files.list(source.getParent())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".h") || p.equals(source))
                    .anyMatch(p -> VMLINUX_INCLUDE.matcher(readOrEmpty(p)).find());
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The C files of the source directory, sorted: every {@code *.c}, as bpf2go takes any C file
     * ({@code foo.bpf.c} and {@code foo.c} both give {@code FooBpf}, so they cannot both be there).
     */
    List<Path> sources() {
        Path dir = config.sourceDirectory();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(p -> p.getFileName().toString().endsWith(".c") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new Bpf2JavaException("cannot list " + dir + ": " + e.getMessage(), null, e);
        }
        java.util.Map<String, Path> byClass = new java.util.HashMap<>();
        for (Path p : found) {
            Path other = byClass.putIfAbsent(Names.className(p.getFileName().toString()), p);
            if (other != null) {
                throw new Bpf2JavaException(other.getFileName() + " and " + p.getFileName() + " in " + dir
                        + " would both generate " + Names.className(p.getFileName().toString()),
                        "rename one of them");
            }
        }
        return found;
    }

    /**
     * Writes {@code workDirectory/include/vmlinux.h} from the kernel BTF unless it was already
     * written from the same BTF (compared by SHA-256), and returns its directory.
     */
    Path vmlinuxHeader() {
        Path btf = config.btf();
        Path dir = config.workDirectory().resolve("include");
        Path header = dir.resolve("vmlinux.h");
        Path stamp = dir.resolve("vmlinux.h.sha256");
        if (!Files.isReadable(btf)) {
            throw new Bpf2JavaException("cannot read kernel BTF at " + btf + " to write vmlinux.h",
                    "run the build on a kernel with CONFIG_DEBUG_INFO_BTF, or configure <btf> (a BTF file) or <vmlinuxHeader>");
        }
        byte[] raw = readAll(btf);
        String hash = sha256(raw);
        if (Files.isRegularFile(header) && hash.equals(readOrEmpty(stamp))) {
            return dir;
        }
        log.info("bpf2java: writing " + header + " from " + btf);
        writeIfChanged(header, VmlinuxHeader.write(btf.toString(), raw).getBytes(StandardCharsets.UTF_8));
        write(stamp, hash.getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    static Path packagePath(String pkg) {
        Path p = Path.of("");
        if (pkg.isEmpty()) {
            return p;
        }
        for (String part : pkg.split("\\.")) {
            p = p.resolve(part);
        }
        return p;
    }

    /** Checks that {@code pkg} is a Java package name. */
    public static String checkPackage(String pkg) {
        if (pkg == null || !pkg.isEmpty() && !pkg.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
            throw new Bpf2JavaException("'" + pkg + "' is not a Java package name", "configure <packageName>, e.g. com.example.bpf");
        }
        for (String part : pkg.split("\\.")) {
            if (Names.KEYWORDS.contains(part)) {
                throw new Bpf2JavaException("'" + pkg + "' is not a Java package name: '" + part + "' is a keyword",
                        "configure another <packageName>");
            }
        }
        return pkg;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new Bpf2JavaException("cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path p, byte[] data) {
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            Files.write(p, data);
        } catch (IOException e) {
            throw new Bpf2JavaException("cannot write " + p + ": " + e.getMessage(), null, e);
        }
    }

    /** Writes only when the content differs, so that unchanged outputs keep their timestamps. */
    static boolean writeIfChanged(Path p, byte[] data) {
        try {
            if (Files.isRegularFile(p) && Files.size(p) == data.length && java.util.Arrays.equals(Files.readAllBytes(p), data)) {
                return false;
            }
        } catch (IOException e) {
            // fall through and write
        }
        write(p, data);
        return true;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale object is rebuilt next time anyway: its dependency file is gone
        }
    }
}
