package dev.ebee.bpf2java;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/** Generated sources compiled with javac (with -Xlint:all -Werror) against the test class path, and loaded. */
final class Compiled implements AutoCloseable {
    private final URLClassLoader loader;

    private Compiled(URLClassLoader loader) {
        this.loader = loader;
    }

    /** Compiles {@code sources} (fully qualified class name → source) into {@code dir}. */
    static Compiled compile(Path dir, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
            boolean ok = javac.getTask(null, fm, diags, List.of("-Xlint:all", "-Werror", "-d", out.toString(),
                    "-cp", System.getProperty("java.class.path")), null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("generated code does not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                    sb.append(d.getSource() == null ? "" : d.getSource().getName()).append(':').append(d.getLineNumber())
                            .append(": ").append(d.getMessage(null)).append('\n');
                }
                fail(sb.toString());
            }
        }
        return new Compiled(new URLClassLoader(new URL[] {out.toUri().toURL()}, Compiled.class.getClassLoader()));
    }

    /** Runs {@code className}, a {@link Runnable} with a no-argument constructor. */
    void run(String className) throws ReflectiveOperationException {
        loader.loadClass(className).asSubclass(Runnable.class).getDeclaredConstructor().newInstance().run();
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
