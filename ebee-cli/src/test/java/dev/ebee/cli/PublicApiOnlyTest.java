package dev.ebee.cli;

import dev.ebee.testing.PublicApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI is built on ebee-core's public API only: no class of it refers to an unexported package. */
class PublicApiOnlyTest {
    @Test
    void cliUsesOnlyExportedPackagesOfCore() {
        assertThat(PublicApi.exportedPackages()).contains("dev/ebee", "dev/ebee/link").doesNotContain("dev/ebee/internal/sys");
        assertThat(PublicApi.nonPublicReferences(Path.of("target/classes"), "dev/ebee/cli/", "dev/ebee/metrics/", "dev/ebee/jfr/")).isEmpty();
    }
}
