package dev.ebee.bpf2java;

import dev.ebee.testing.PublicApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** bpf2java reads objects through ebee-core's public API only: no class of it refers to an unexported package. */
class PublicApiOnlyTest {
    @Test
    void pluginUsesOnlyExportedPackagesOfCore() {
        assertThat(PublicApi.nonPublicReferences(Path.of("target/classes"), "dev/ebee/bpf2java/", "dev/ebee/maven/"))
                .isEmpty();
    }
}
