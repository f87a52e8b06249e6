package dev.ebee.cli.btf;

import dev.ebee.EbeeException;
import dev.ebee.btf.Btf;
import dev.ebee.btf.BtfCWriter;
import dev.ebee.btf.BtfFiles;
import dev.ebee.btf.BtfText;
import dev.ebee.btf.KernelBtf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ebee btf dump [--format c|text] [FILE]}: the kernel's BTF (FILE omitted) or a file's, as a
 * C header (the {@code vmlinux.h} CO-RE programs include) or as text like {@code bpftool btf dump}.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Dump BTF as a C header (vmlinux.h) or as text; the running kernel's when FILE is omitted")
public final class DumpCommand implements Callable<Integer> {
    enum Format { c, text }

    @Option(names = {"-f", "--format"}, description = "c or text (default: c)")
    Format format = Format.c;

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "a raw BTF file (/sys/kernel/btf/...) or a BPF object with a .BTF section")
    Path file;

    @Override
    public Integer call() throws IOException {
        Btf btf = file == null ? KernelBtf.vmlinux() : BtfFiles.read(file);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (format == Format.c) {
            new BtfCWriter(btf).write(out);
        } else {
            BtfText.dump(btf, out);
        }
        out.flush();
        return 0;
    }
}
