package dev.ebee.maven;

import dev.ebee.EbeeException;
import dev.ebee.bpf2java.Bpf2Java;

import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * bpf2java: compiles {@code src/main/bpf/*.c} with clang into BPF objects that go into the
 * jar next to a generated Java class per object ({@code foo.bpf.c} gives {@code FooBpf}) to load,
 * configure, attach and read it.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where the BPF C files ({@code *.c}, e.g. {@code foo.bpf.c}) are. */
    @Parameter(defaultValue = "${project.basedir}/src/main/bpf", property = "ebee.sourceDirectory")
    private File sourceDirectory;

    /** Prebuilt BPF objects to generate classes for, without compiling. */
    @Parameter
    private List<File> objects;

    /** The package of the generated classes; defaults to the project's groupId. */
    @Parameter(property = "ebee.packageName")
    private String packageName;

    /** Root of the generated Java sources, added as a compile source root. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/bpf2java")
    private File outputDirectory;

    /** Root of the compiled objects, added as a resource directory. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/bpf")
    private File resourceDirectory;

    /** vmlinux.h and clang's dependency files. */
    @Parameter(defaultValue = "${project.build.directory}/bpf")
    private File workDirectory;

    /** clang to run: a path, or a name on PATH. Default: clang-19, then clang. */
    @Parameter(property = "ebee.clang")
    private String clang;

    /** Extra clang flags, after ebee's ({@code -O2 -g -target bpf -D__TARGET_ARCH_x86 -I...}). */
    @Parameter
    private List<String> cflags;

    /** The kernel BTF to write vmlinux.h from. */
    @Parameter(defaultValue = "/sys/kernel/btf/vmlinux", property = "ebee.btf")
    private File btf;

    /** A vmlinux.h to include instead of writing one from {@link #btf}. */
    @Parameter(property = "ebee.vmlinuxHeader")
    private File vmlinuxHeader;

    /** Struct names to generate records for, e.g. the structs a program sends through a ring buffer. */
    @Parameter
    private List<String> events;

    /** Removes DWARF from the compiled objects with llvm-strip -g (BTF stays), making them several times smaller. */
    @Parameter(defaultValue = "true", property = "ebee.stripDebug")
    private boolean stripDebug;

    /** Skips the goal. */
    @Parameter(defaultValue = "false", property = "ebee.skip")
    private boolean skip;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("bpf2java: skipped");
            return;
        }
        String pkg = packageName != null ? packageName : project.getGroupId().replace('-', '_');
        try {
            Bpf2Java.checkPackage(pkg);
            Bpf2Java.Config config = new Bpf2Java.Config(sourceDirectory.toPath(),
                    objects == null ? List.of() : objects.stream().map(File::toPath).toList(), pkg,
                    outputDirectory.toPath(), resourceDirectory.toPath(), workDirectory.toPath(), clang,
                    cflags == null ? List.of() : cflags, btf.toPath(),
                    vmlinuxHeader == null ? null : vmlinuxHeader.toPath(), events == null ? List.of() : events,
                    stripDebug);
            Bpf2Java.Result r = new Bpf2Java(config, new Bpf2Java.Listener() {
                @Override
                public void info(String message) {
                    getLog().info(message);
                }

                @Override
                public void warn(String message) {
                    getLog().warn(message);
                }

                @Override
                public void error(String message) {
                    getLog().error(message);
                }
            }).run();
            if (r.compiled().isEmpty() && !r.upToDate().isEmpty()) {
                getLog().info("bpf2java: " + r.upToDate().size() + " object(s) up to date");
            }
        } catch (EbeeException e) {
            throw new MojoFailureException(e.oneLine(), e);
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        String res = resourceDirectory.getAbsolutePath();
        if (project.getResources().stream().noneMatch(r -> Path.of(r.getDirectory()).toAbsolutePath().toString().equals(res))) {
            Resource resource = new Resource();
            resource.setDirectory(res);
            project.addResource(resource);
        }
    }
}
