package dev.ebee.metrics;

import dev.ebee.testing.PublicApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** ebee-metrics is built on ebee-core's public API only: no class of it refers to an unexported package. */
class PublicApiOnlyTest {
    @Test
    void usesOnlyExportedPackagesOfCore() {
        assertThat(PublicApi.nonPublicReferences(Path.of("target/classes"), "dev/ebee/metrics/")).isEmpty();
    }
}
