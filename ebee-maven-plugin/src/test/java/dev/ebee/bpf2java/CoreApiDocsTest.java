package dev.ebee.bpf2java;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import org.junit.jupiter.api.Test;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public type of ebee-core's API (the packages module-info exports) has a Javadoc comment,
 * so that the -javadoc jar and an IDE show what each one is. Javadoc's own doclint checks the HTML
 * and references in the build; its "missing" group is not an error there because it also counts
 * each enum constant named after a kernel constant and each record component.
 */
class CoreApiDocsTest {
    /** ebee-core's sources: read here, as javac's tree API is on this module's class path and not readable from ebee-core's module. */
    static final Path SOURCES = Path.of("../ebee-core/src/main/java");

    @Test
    void everyPublicTypeOfTheExportedPackagesHasAComment() throws IOException {
        List<String> exported = exportedPackages();
        assertThat(exported).contains("dev.ebee", "dev.ebee.link");
        List<Path> files = new ArrayList<>();
        for (String pkg : exported) {
            try (Stream<Path> s = Files.list(SOURCES.resolve(pkg.replace('.', '/')))) {
                s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).forEach(files::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> undocumented = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree type, Void unused) {
                        if (isPublic(getCurrentPath()) && docs.getDocCommentTree(getCurrentPath()) == null) {
                            undocumented.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ": " + type.getSimpleName());
                        }
                        return super.visitClass(type, unused);
                    }
                }.scan(unit, null);
            }
        }
        assertThat(undocumented).as("public types without a Javadoc comment").isEmpty();
    }

    /** Public as seen from outside: declared public, or a member of an interface, all the way out. */
    static boolean isPublic(TreePath path) {
        for (TreePath p = path; p != null && p.getLeaf() instanceof ClassTree c; p = p.getParentPath()) {
            TreePath outer = p.getParentPath();
            boolean inInterface = outer != null && outer.getLeaf() instanceof ClassTree o
                    && (o.getKind() == Tree.Kind.INTERFACE || o.getKind() == Tree.Kind.ANNOTATION_TYPE);
            if (!c.getModifiers().getFlags().contains(Modifier.PUBLIC) && !inInterface) {
                return false;
            }
        }
        return true;
    }

    static List<String> exportedPackages() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;").matcher(Files.readString(SOURCES.resolve("module-info.java")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
