package dev.ebee.bpf2java;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import org.junit.jupiter.api.Test;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the -javadoc jars and an IDE show: every public type of ebee-core's API (the packages its
 * module-info exports) has a Javadoc comment, and so does every public type, method, constructor
 * and field of generated code (the golden binding, a struct of every BTF kind). Javadoc's doclint
 * checks HTML and references in the build; its "missing" group is no error there, because it also
 * counts each of core's enum constants named after a kernel constant and each record component.
 * javac's tree API is read here because this module is on the class path; ebee-core's tests run
 * inside its module, which does not read jdk.compiler.
 */
class ApiDocsTest {
    static final Path CORE_SOURCES = Path.of("../ebee-core/src/main/java");

    @Test
    void everyPublicTypeOfCoresExportedPackagesHasAComment() throws IOException {
        List<String> exported = exportedPackages();
        assertThat(exported).contains("dev.ebee", "dev.ebee.link");
        List<JavaFileObject> files = new ArrayList<>();
        try (StandardJavaFileManager fm = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)) {
            for (String pkg : exported) {
                try (Stream<Path> s = Files.list(CORE_SOURCES.resolve(pkg.replace('.', '/')))) {
                    s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"))
                            .forEach(p -> fm.getJavaFileObjects(p).forEach(files::add));
                }
            }
            assertThat(undocumented(files, false)).as("public types without a Javadoc comment").isEmpty();
        }
    }

    @Test
    void everyPublicDeclarationOfGeneratedCodeHasAComment() throws IOException {
        String golden = Files.readString(GoldenTest.GOLDEN);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///KindsBpf.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return golden;
            }
        };
        assertThat(undocumented(List.of(file), true)).as("public declarations without a Javadoc comment").isEmpty();
    }

    /** The public types (and, with {@code members}, methods, constructors and fields) that have no doc comment. */
    static List<String> undocumented(List<JavaFileObject> files, boolean members) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) javac.getTask(null, null, null, List.of("-proc:none"), null, files);
        DocTrees docs = DocTrees.instance(task);
        List<String> out = new ArrayList<>();
        for (CompilationUnitTree unit : task.parse()) {
            String file = Path.of(unit.getSourceFile().getName()).getFileName().toString();
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree type, Void unused) {
                    check(type.getModifiers(), type.getSimpleName().toString());
                    return super.visitClass(type, unused);
                }

                @Override
                public Void visitMethod(MethodTree method, Void unused) {
                    boolean inherits = method.getModifiers().getAnnotations().stream()
                            .anyMatch(a -> a.getAnnotationType().toString().equals("Override")); // javadoc shows the overridden one's
                    if (members && !inherits) {
                        check(method.getModifiers(), method.getName() + "()");
                    }
                    return null; // nothing public inside a body
                }

                @Override
                public Void visitVariable(VariableTree field, Void unused) {
                    if (members && getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
                        check(field.getModifiers(), field.getName().toString());
                    }
                    return null;
                }

                private void check(ModifiersTree modifiers, String name) {
                    if (isPublic(getCurrentPath(), modifiers) && docs.getDocCommentTree(getCurrentPath()) == null) {
                        out.add(file + ": " + name);
                    }
                }
            }.scan(unit, null);
        }
        return out;
    }

    /** Public as seen from outside: declared public, or a member of an interface, and so are the types around it. */
    static boolean isPublic(TreePath path, ModifiersTree modifiers) {
        if (!modifiers.getFlags().contains(Modifier.PUBLIC) && !inInterface(path)) {
            return false;
        }
        for (TreePath p = path.getParentPath(); p != null && p.getLeaf() instanceof ClassTree c; p = p.getParentPath()) {
            if (!c.getModifiers().getFlags().contains(Modifier.PUBLIC) && !inInterface(p)) {
                return false;
            }
        }
        return true;
    }

    static boolean inInterface(TreePath path) {
        TreePath outer = path.getParentPath();
        return outer != null && outer.getLeaf() instanceof ClassTree o
                && (o.getKind() == Tree.Kind.INTERFACE || o.getKind() == Tree.Kind.ANNOTATION_TYPE);
    }

    static List<String> exportedPackages() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;")
                .matcher(Files.readString(CORE_SOURCES.resolve("module-info.java")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
