package dev.ebee.bpf2java;

import dev.ebee.EbeeException;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfCWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Writes {@code vmlinux.h}, every type of a kernel's BTF as C declarations, for BPF C to include. */
final class VmlinuxHeader {
    private VmlinuxHeader() {
    }

    /**
     * The C header for the BTF {@code raw} (named {@code name} in messages), written by ebee's
     * {@link BtfCWriter}. While that writer produces nothing (an ebee-core without it), this falls
     * back to {@code bpftool btf dump file ... format c}.
     */
    static String write(String name, byte[] raw) {
        StringBuilder sb = new StringBuilder();
        try {
            new BtfCWriter(Btf.parse(name, raw)).write(sb);
        } catch (EbeeException e) {
            throw new Bpf2JavaException("cannot write vmlinux.h from " + name + ": " + e.getMessage(),
                    "configure <btf> with a valid BTF file, or <vmlinuxHeader> with a vmlinux.h", e);
        }
        if (!sb.isEmpty()) {
            return sb.toString();
        }
        return withBpftool(name, raw);
    }

    private static String withBpftool(String name, byte[] raw) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ebee-btf", ".btf");
            Files.write(tmp, raw);
            Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", tmp.toString(), "format", "c")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new Bpf2JavaException("bpftool could not write vmlinux.h from " + name,
                        "install bpftool, or configure <vmlinuxHeader> with a vmlinux.h");
            }
            return new String(out.join(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Bpf2JavaException("cannot write vmlinux.h from " + name + ": " + e.getMessage(),
                    "install bpftool, or configure <vmlinuxHeader> with a vmlinux.h", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Bpf2JavaException("interrupted writing vmlinux.h", null, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // temp file: nothing else to do
                }
            }
        }
    }
}
