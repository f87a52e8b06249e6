package dev.ebee;

import dev.ebee.btf.CoreKind;
import dev.ebee.btf.CoreRelocator;
import dev.ebee.internal.cache.CacheDir;
import dev.ebee.internal.cache.CacheFile;
import dev.ebee.internal.cache.KernelIdentity;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a load asks of the running kernel's BTF (CO-RE results, kernel BTF ids), answered from the
 * on-disk cache when an earlier load of the same object on the same kernel asked the same, and
 * from the kernel's BTF otherwise. Each answer depends only on the question, the object's BTF and
 * the kernel's BTF, so the cache file's key is a hash of the object's BTF, the kernel's identity
 * and ebee's code; a question the file lacks is answered live and the file rewritten with it. When
 * every answer comes from the file, the kernel's BTF is never read.
 * <p>
 * No cache when the options name a target BTF (the answers are not the running kernel's), when
 * the object has no BTF, or when {@link CacheDir} says it is off or unusable.
 */
final class KernelAnswers {
    /** Times a load read the running kernel's BTF (tests check that a cache hit does not). */
    static final AtomicInteger KERNEL_BTF_READS = new AtomicInteger();
    /** Replaces the kernel's identity in tests (null: the real one). */
    static volatile String identityForTests;

    private final CollectionSpec spec;
    private final boolean enabled;
    private boolean opened;
    private CacheFile file;
    private final Map<String, byte[]> answers = new LinkedHashMap<>();
    private boolean changed;

    private KernelAnswers(CollectionSpec spec, boolean enabled) {
        this.spec = spec;
        this.enabled = enabled;
    }

    static KernelAnswers of(CollectionSpec spec, Collection.Options options) {
        return new KernelAnswers(spec, options.targetBtf() == null && spec.btf() != null);
    }

    /** The result of CO-RE relocation {@code c}; {@code live} computes it against the kernel's BTF. */
    synchronized CoreRelocator.Result core(ProgramSpec.CoreRelocation c, CoreKind kind, Supplier<CoreRelocator.Result> live) {
        String q = "core " + c.typeId() + " " + kind.value() + " " + c.access();
        CoreRelocator.Result r = decodeCore(kind, cached(q));
        if (r == null) {
            r = live.get();
            remember(q, encodeCore(r));
        }
        return r;
    }

    /**
     * The kernel BTF id of {@code name} as {@code what} ("kfunc", "ksym var", "attach LSM"...);
     * {@code live} finds it in the kernel's BTF.
     */
    synchronized OptionalInt kernelId(String what, String name, Supplier<OptionalInt> live) {
        String q = "id " + what + " " + name;
        byte[] a = cached(q);
        if (a != null && a.length == 0) {
            return OptionalInt.empty();
        }
        if (a != null && a.length == 4) {
            return OptionalInt.of(ByteBuffer.wrap(a).getInt());
        }
        OptionalInt id = live.get();
        remember(q, id.isPresent() ? ByteBuffer.allocate(4).putInt(id.getAsInt()).array() : new byte[0]);
        return id;
    }

    /** Writes the answers found live since the file was read; never fails. */
    synchronized void save() {
        if (changed && file != null) {
            file.write(answers);
            changed = false;
        }
    }

    private byte[] cached(String question) {
        if (!enabled) {
            return null;
        }
        if (!opened) {
            opened = true;
            try {
                open();
            } catch (RuntimeException e) {
                file = null; // the cache never fails a load
                dev.ebee.internal.sys.Log.debug("ebee: cache not used: " + e);
            }
        }
        return answers.get(question);
    }

    private void remember(String question, byte[] answer) {
        if (file != null) {
            answers.put(question, answer);
            changed = true;
        }
    }

    private void open() {
        String kernel = identityForTests != null ? identityForTests : KernelIdentity.current();
        if (kernel == null || CodeIdentity.VALUE == null) {
            return;
        }
        var dir = CacheDir.open();
        if (dir.isEmpty()) {
            return;
        }
        file = new CacheFile(dir.get(), identity(kernel));
        Map<String, byte[]> read = file.read();
        if (read != null) {
            answers.putAll(read);
        } else {
            changed = true; // missing or damaged: (re)write it after this load
        }
    }

    /** Everything the answers depend on besides the questions: ebee's code, the kernel, the object's BTF. */
    private byte[] identity(String kernel) {
        byte[] head = (CodeIdentity.VALUE + "\0" + kernel + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] btf = spec.btf().toBytes();
        byte[] id = java.util.Arrays.copyOf(head, head.length + btf.length);
        System.arraycopy(btf, 0, id, head.length, btf.length);
        return id;
    }

    // ------------------------------------------------------------------ answers as bytes

    private static byte[] encodeCore(CoreRelocator.Result r) {
        byte[] why = r.explanation() == null ? new byte[0] : r.explanation().getBytes(StandardCharsets.UTF_8);
        int flags = (r.poison() ? 1 : 0) | (r.validate() ? 2 : 0) | (r.failMemSizeAdjust() ? 4 : 0);
        return ByteBuffer.allocate(8 + 8 + 1 + 4 + 4 + 4 + why.length).putLong(r.oldValue()).putLong(r.newValue())
                .put((byte) flags).putInt(r.oldSize()).putInt(r.newSize()).putInt(r.targetTypeId()).put(why).array();
    }

    /** The cached result, or null when there is none or it does not read as one. */
    private static CoreRelocator.Result decodeCore(CoreKind kind, byte[] a) {
        if (a == null || a.length < 29) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(a);
        long oldValue = b.getLong(), newValue = b.getLong();
        int flags = b.get();
        int oldSize = b.getInt(), newSize = b.getInt(), targetTypeId = b.getInt();
        if ((flags & ~7) != 0) {
            return null;
        }
        String why = new String(a, 29, a.length - 29, StandardCharsets.UTF_8);
        // the target BTF itself is not kept: loading needs only the numbers
        return new CoreRelocator.Result(kind, oldValue, newValue, (flags & 1) != 0, (flags & 2) != 0, oldSize, newSize,
                (flags & 4) != 0, targetTypeId, null, why);
    }

    /**
     * What identifies the code that computed the answers, so that a new ebee (a fixed relocator)
     * does not take an older one's: the jar's size and time when ebee runs from a jar, else a hash
     * of the classes that compute answers.
     */
    private static final class CodeIdentity {
        static final String VALUE = compute();

        private static String compute() {
            try {
                var source = KernelAnswers.class.getProtectionDomain().getCodeSource();
                Path where = source == null ? null : Path.of(source.getLocation().toURI());
                if (where != null && Files.isRegularFile(where)) {
                    return "jar " + where + " " + Files.size(where) + " " + Files.getLastModifiedTime(where).toMillis();
                }
                var d = new java.util.zip.CRC32C();
                for (Class<?> c : new Class<?>[] {CoreRelocator.class, dev.ebee.btf.KernelTargets.class, KernelAnswers.class}) {
                    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                        d.update(in.readAllBytes());
                    }
                }
                return "classes " + d.getValue();
            } catch (Exception e) {
                return null; // no cache rather than one a newer ebee could take for its own
            }
        }
    }
}
