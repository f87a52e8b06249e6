package dev.ebee.link;

import dev.ebee.AttachTargetNotFoundException;
import dev.ebee.ElfException;
import dev.ebee.internal.elf.ElfFile;
import dev.ebee.internal.elf.ElfNote;
import dev.ebee.internal.elf.ElfSection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the USDT probes of executables and shared libraries: the {@code stapsdt} notes (type 3) of
 * their {@code .note.stapsdt} section, as {@code sys/sdt.h} emits them, and finds the files a
 * running process maps.
 */
public final class UsdtProbes {
    static final String NOTE_OWNER = "stapsdt";
    static final int NT_STAPSDT = 3;

    private UsdtProbes() {
    }

    /**
     * Every probe site of {@code binary}, in note order; empty when the file has no stapsdt notes.
     *
     * @throws AttachTargetNotFoundException when the file is missing or is not an ELF64 file
     */
    public static List<UsdtProbe> read(Path binary) {
        ElfFile elf;
        try {
            elf = ElfFile.open(binary);
        } catch (ElfException e) {
            throw new AttachTargetNotFoundException("cannot read " + binary + " as ELF: " + e.getMessage(), e.hint(), e);
        }
        // Prelink moves a library after linking; .stapsdt.base moves with it while the note keeps
        // the address it had at link time, so the difference is how far every probe address moved.
        Optional<ElfSection> baseSection = elf.section(".stapsdt.base");
        List<UsdtProbe> out = new ArrayList<>();
        for (ElfNote n : elf.notes()) {
            if (!n.name().equals(NOTE_OWNER) || n.type() != NT_STAPSDT) {
                continue;
            }
            out.add(probe(binary, elf, n, baseSection));
        }
        return List.copyOf(out);
    }

    private static UsdtProbe probe(Path binary, ElfFile elf, ElfNote n, Optional<ElfSection> baseSection) {
        ByteBuffer d = ByteBuffer.wrap(n.desc()).order(ByteOrder.LITTLE_ENDIAN);
        if (d.remaining() < 24 + 3) {
            throw new ElfException(binary + ": stapsdt note of " + d.remaining() + " bytes is too short",
                    "the file's .note.stapsdt is damaged");
        }
        long pc = d.getLong(), base = d.getLong(), sema = d.getLong();
        String provider = string(binary, d), name = string(binary, d), args = d.hasRemaining() ? string(binary, d) : "";
        if (baseSection.isPresent() && base != 0) {
            long delta = baseSection.get().addr() - base;
            pc += delta;
            if (sema != 0) {
                sema += delta;
            }
        }
        long offset = elf.addressToFileOffset(pc);
        long semaOffset = sema == 0 ? 0 : elf.addressToFileOffset(sema);
        return new UsdtProbe(binary, provider, name, pc, base, sema, args, offset, semaOffset);
    }

    private static String string(Path binary, ByteBuffer d) {
        int start = d.position();
        while (d.hasRemaining() && d.get() != 0) {
            // scan to the NUL
        }
        int end = d.position() - 1;
        if (end < start || d.get(end) != 0) {
            throw new ElfException(binary + ": a stapsdt note's string is not NUL-terminated", "the file's .note.stapsdt is damaged");
        }
        return new String(d.array(), start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * The sites of {@code provider:name} in {@code binary}.
     *
     * @throws AttachTargetNotFoundException when the file has no stapsdt notes, or none for that probe
     *                                       (the message lists the nearest names)
     */
    public static List<UsdtProbe> find(Path binary, String provider, String name) {
        List<UsdtProbe> all = read(binary);
        if (all.isEmpty()) {
            throw new AttachTargetNotFoundException(binary + " has no USDT probes (no .note.stapsdt notes)",
                    "check the file: probes come from sys/sdt.h (DTRACE_PROBE, STAP_PROBE) at build time; "
                            + "`readelf -n " + binary + "` shows its notes");
        }
        List<UsdtProbe> sites = all.stream().filter(p -> p.provider().equals(provider) && p.name().equals(name)).toList();
        if (sites.isEmpty()) {
            throw new AttachTargetNotFoundException("no USDT probe " + provider + ":" + name + " in " + binary
                    + "; nearest: " + String.join(", ", nearest(all, provider + ":" + name, 5)),
                    "`ebee usdt list " + binary + "` lists its probes");
        }
        return sites;
    }

    /** Up to {@code count} distinct probe names of {@code probes}, nearest to {@code wanted} first. */
    static List<String> nearest(List<UsdtProbe> probes, String wanted, int count) {
        Set<String> names = new LinkedHashSet<>();
        probes.forEach(p -> names.add(p.fullName()));
        return names.stream().sorted(Comparator.comparingInt((String s) -> distance(s, wanted)).thenComparing(s -> s))
                .limit(count).toList();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The files process {@code pid} maps (its executable and shared libraries), from
     * {@code /proc/PID/maps}, in first-mapped order, each as a path this process can open (through
     * {@code /proc/PID/root} when the process lives in another mount namespace).
     *
     * @throws AttachTargetNotFoundException when there is no such process
     */
    public static List<Path> mappedFiles(int pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
        } catch (IOException e) {
            throw new AttachTargetNotFoundException("no process " + pid + " (cannot read /proc/" + pid + "/maps)",
                    "check the pid");
        }
        Set<Path> files = new LinkedHashSet<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[5].startsWith("/") && !f[5].endsWith(" (deleted)")) {
                Path p = Path.of(f[5]);
                Path inRoot = Path.of("/proc/" + pid + "/root" + f[5]);
                files.add(Files.isRegularFile(p) && sameFile(p, inRoot) ? p : inRoot);
            }
        }
        return List.copyOf(files);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return !Files.exists(b) || Files.isSameFile(a, b);
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The file process {@code pid} maps that {@code binary} names: the same file as a path, or a
     * mapped file whose name is {@code binary} or starts with {@code binary.} ({@code libjvm.so},
     * {@code libc} for {@code libc.so.6}); so a JDK under any path is found by {@code libjvm.so}.
     *
     * @throws AttachTargetNotFoundException when the process maps no such file
     */
    public static Path mappedFile(int pid, String binary) {
        List<Path> mapped = mappedFiles(pid);
        Path asPath = binary.indexOf('/') >= 0 ? Path.of(binary) : null;
        for (Path p : mapped) {
            if (asPath != null) {
                try {
                    if (Files.isSameFile(p, asPath)) {
                        return p;
                    }
                } catch (IOException ignored) {
                    // not this one
                }
            } else {
                String fn = p.getFileName().toString();
                if (fn.equals(binary) || fn.startsWith(binary + ".") || fn.startsWith(binary + "-")) {
                    return p;
                }
            }
        }
        throw new AttachTargetNotFoundException("process " + pid + " maps no file " + binary,
                "check /proc/" + pid + "/maps for the executable or library that carries the probe");
    }
}
