package dev.ebee.cli.privilege;

import dev.ebee.testing.Kernel;
import dev.ebee.testing.ReadableClassPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --bpf-token BPFFS} reaches every load of the tool (in a JVM of its own: the option sets a
 * property of the process). Loading through a token is BpfTokenTest's (ebee-core); here a path
 * that is no bpffs must stop the tool with the token's error, before anything loads.
 */
@Tag("kernel")
class BpfTokenOptionTest {
    @Test
    void theTokenPathReachesTheLoad() throws Exception {
        Kernel.requireBpf();
        try (ReadableClassPath cp = ReadableClassPath.copy();
             ToolProcess tool = ToolProcess.asRoot(cp, "execsnoop", "--bpf-token", "/nonexistent-bpffs", "-d", "5")) {
            String line = tool.awaitLine(l -> l.startsWith("ebee: "));
            assertThat(line).contains("/nonexistent-bpffs");
            assertThat(tool.awaitExit()).isEqualTo(1); // not stop(): a SIGTERM while it exits would give 143
        }
    }
}
