package dev.ebee.cli.common;

import dev.ebee.EbeeException;

import java.io.IOException;
import java.io.InputStream;

/** The tools' compiled BPF objects, packaged as class path resources {@code /bpf/<tool>.bpf.o}. */
public final class BpfObjects {
    private BpfObjects() {
    }

    /** The bytes of {@code /bpf/<tool>.bpf.o}. */
    public static byte[] bytes(String tool) {
        String name = "/bpf/" + tool + ".bpf.o";
        try (InputStream in = BpfObjects.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new EbeeException("BPF object " + name + " is not in this build",
                        "build with the BPF C compiled (mvn package runs clang on src/main/bpf)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EbeeException("cannot read BPF object " + name + ": " + e.getMessage(), null, e);
        }
    }

    /** Thrown by the kernel side of a tool while the object loader is missing from the library. */
    public static EbeeException loaderMissing(String tool) {
        return new EbeeException(tool + ": this build has no BPF object loader yet",
                "the tool's kernel side needs dev.ebee.ObjectFile");
    }
}
