package dev.ebee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The BPF objects compiled from src/test/bpf during the build. */
public final class TestObjects {
    private TestObjects() {
    }

    public static Path path(String name) {
        var url = TestObjects.class.getResource("/bpf/" + name + ".o");
        if (url == null) {
            throw new IllegalStateException("test object " + name + ".o was not built (src/test/bpf/build.sh)");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        // inside the test jar (other modules' tests): copy it out
        try (var in = url.openStream()) {
            Path tmp = Files.createTempFile("ebee-test-" + name, ".o");
            tmp.toFile().deleteOnExit();
            Files.write(tmp, in.readAllBytes());
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
