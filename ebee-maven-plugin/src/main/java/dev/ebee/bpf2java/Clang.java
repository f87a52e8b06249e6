package dev.ebee.bpf2java;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs clang to compile BPF C into an ELF object with BTF.
 *
 * <p>Flags: {@code -O2 -g -target bpf -D__TARGET_ARCH_x86}, an include path for each of
 * {@link #includeDirs}, {@code -I/usr/include/x86_64-linux-gnu} (for {@code asm/types.h}), then the
 * extra flags, and {@code -MD -MF} so that the caller knows which headers the object depends on.
 */
public final class Clang {
    /** The Debian packages that provide clang and libbpf's headers. */
    public static final String INSTALL_HINT = "install clang and libbpf's headers: apt-get install clang-19 libbpf-dev";

    /** Names tried, in order, on PATH and in the usual LLVM directories. */
    static final List<String> CANDIDATES = List.of("clang-19", "clang");

    private final Path executable;
    private final List<Path> includeDirs;
    private final List<String> extraFlags;

    public Clang(Path executable, List<Path> includeDirs, List<String> extraFlags) {
        this.executable = executable;
        this.includeDirs = List.copyOf(includeDirs);
        this.extraFlags = List.copyOf(extraFlags);
    }

    public Path executable() {
        return executable;
    }

    /**
     * Finds clang: {@code configured} when given (a path, or a name looked up on PATH), else
     * clang-19, then clang, on PATH or in /usr/lib/llvm-19/bin.
     *
     * @throws Bpf2JavaException naming the Debian packages to install when none is found
     */
    public static Path find(String configured, String pathEnv) {
        return find(configured, pathEnv, List.of(Path.of("/usr/lib/llvm-19/bin")));
    }

    static Path find(String configured, String pathEnv, List<Path> llvmDirs) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (configured.contains("/")) {
                if (Files.isExecutable(p)) {
                    return p;
                }
                throw new Bpf2JavaException("clang not found at " + configured + " (configured <clang>)", INSTALL_HINT);
            }
            return onPath(configured, pathEnv).orElseThrow(() -> new Bpf2JavaException(
                    "clang not found: no executable '" + configured + "' on PATH (configured <clang>)", INSTALL_HINT));
        }
        for (String name : CANDIDATES) {
            Optional<Path> p = onPath(name, pathEnv);
            if (p.isPresent()) {
                return p.get();
            }
        }
        for (Path dir : llvmDirs) {
            Path llvm = dir.resolve("clang");
            if (Files.isExecutable(llvm)) {
                return llvm;
            }
        }
        throw new Bpf2JavaException("clang not found: looked for " + String.join(", ", CANDIDATES) + " on PATH and in /usr/lib/llvm-19/bin",
                INSTALL_HINT);
    }

    static Optional<Path> onPath(String name, String pathEnv) {
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The command line that compiles {@code source} into {@code object}, writing make dependencies to {@code depFile}. */
    public List<String> command(Path source, Path object, Path depFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of("-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86"));
        for (Path dir : includeDirs) {
            cmd.add("-I" + dir);
        }
        cmd.add("-I/usr/include/x86_64-linux-gnu");
        cmd.addAll(extraFlags);
        if (depFile != null) {
            cmd.addAll(List.of("-MD", "-MF", depFile.toString()));
        }
        cmd.addAll(List.of("-c", source.toString(), "-o", object.toString()));
        return cmd;
    }

    /** What clang said; {@link #diagnostics()} includes warnings. */
    public record Result(List<String> command, int exitCode, List<Diagnostic> diagnostics, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Compiles {@code source}. Returns the result whatever clang's exit code; throws only when clang
     * cannot be run at all.
     */
    public Result compile(Path source, Path object, Path depFile) {
        List<String> cmd = command(source, object, depFile);
        try {
            Files.createDirectories(object.toAbsolutePath().getParent());
            if (depFile != null) {
                Files.createDirectories(depFile.toAbsolutePath().getParent());
            }
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new Bpf2JavaException("clang did not finish compiling " + source + " within 10 minutes", null);
            }
            String stderr = err.join();
            return new Result(cmd, p.exitValue(), Diagnostic.parse(stderr), stderr);
        } catch (IOException e) {
            throw new Bpf2JavaException("cannot run " + executable + ": " + e.getMessage(), INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Bpf2JavaException("interrupted while compiling " + source, null, e);
        }
    }

    /**
     * The llvm-strip that goes with this clang: {@code llvm-strip-19} next to {@code clang-19},
     * else {@code llvm-strip} there or on PATH; empty when there is none.
     */
    public Optional<Path> stripTool(String pathEnv) {
        String name = executable.getFileName().toString();
        String suffix = name.startsWith("clang") ? name.substring("clang".length()) : "";
        Path dir = executable.toAbsolutePath().getParent();
        for (String candidate : suffix.isEmpty() ? List.of("llvm-strip") : List.of("llvm-strip" + suffix, "llvm-strip")) {
            Path p = dir.resolve(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
            Optional<Path> onPath = onPath(candidate, pathEnv);
            if (onPath.isPresent()) {
                return onPath;
            }
        }
        return Optional.empty();
    }

    /**
     * Removes the DWARF sections from {@code object} with {@code strip -g}, as libbpf-tools do:
     * BTF and BTF.ext (types, line info for verifier messages) stay. Returns false when the tool
     * failed (the object is then left as it was).
     */
    public static boolean stripDebug(Path strip, Path object) {
        try {
            Path tmp = object.resolveSibling(object.getFileName() + ".stripped");
            Process p = new ProcessBuilder(strip.toString(), "-g", object.toString(), "-o", tmp.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                return false;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, object, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
