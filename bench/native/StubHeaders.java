import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a placeholder C header for bench/native/spike: the structs (@CStruct, @CField) and
 * constants (@CConstant) that the named builder classes declare, with the fields' Java types mapped
 * to C ones and every constant 0. The builder compiles small C programs against the real headers
 * (which come with GraalVM distributions, not with Maven) to learn these layouts; a placeholder
 * with the same names lets those programs compile. It holds no code, so an image built with it
 * cannot run: it only shows how far the builder gets.
 *
 * usage: java StubHeaders.java OUT.h JAR:JAR... CLASS...
 */
public class StubHeaders {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String[] jars = args[1].split(":");
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) urls[i] = Path.of(jars[i]).toUri().toURL();
        ClassLoader loader = new URLClassLoader(urls, null);
        StringBuilder h = new StringBuilder("/* placeholder written by bench/native/spike (StubHeaders.java): names only, no real layout */\n");
        for (int i = 2; i < args.length; i++) {
            Class<?> c = Class.forName(args[i], false, loader);
            emit(c, h);
            for (Class<?> inner : c.getDeclaredClasses()) emit(inner, h);
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, h);
    }

    static void emit(Class<?> c, StringBuilder h) throws Exception {
        Annotation struct = find(c.getAnnotations(), "CStruct");
        if (struct != null) {
            String name = value(struct);
            if (name.isEmpty()) name = c.getSimpleName();
            h.append("struct ").append(name).append(" {\n");
            for (Method m : c.getDeclaredMethods()) {
                Annotation field = find(m.getAnnotations(), "CField");
                if (field == null || m.getParameterCount() != 0) continue;
                String f = value(field);
                h.append("  ").append(cType(m.getReturnType())).append(' ')
                 .append(f.isEmpty() ? m.getName() : f).append(";\n");
            }
            h.append("};\ntypedef struct ").append(name).append(' ').append(name).append(";\n");
        }
        for (Method m : c.getDeclaredMethods()) {
            Annotation constant = find(m.getAnnotations(), "CConstant");
            if (constant == null) continue;
            String n = value(constant);
            h.append("#define ").append(n.isEmpty() ? m.getName() : n).append(" 0\n");
        }
    }

    static String cType(Class<?> t) {
        if (t == boolean.class || t == byte.class) return "char";
        if (t == short.class) return "short";
        if (t == int.class) return "int";
        if (t == long.class) return "long";
        if (t == float.class) return "float";
        if (t == double.class) return "double";
        return "void *";
    }

    static Annotation find(Annotation[] all, String simpleName) {
        for (Annotation a : all) if (a.annotationType().getSimpleName().equals(simpleName)) return a;
        return null;
    }

    static String value(Annotation a) throws Exception {
        Object v = a.annotationType().getMethod("value").invoke(a);
        return v == null ? "" : v.toString();
    }
}
