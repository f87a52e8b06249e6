package dev.ebee.metrics.micrometer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Micrometer code block is KernelMetricsExample's marked lines, which the build compiles. */
class ReadmeMicrometerExampleTest {
    static final Path README = Path.of("../README.md");
    static final Path EXAMPLE = Path.of("src/test/java/dev/ebee/metrics/micrometer/KernelMetricsExample.java");

    @Test
    void readmeQuotesTheCompiledExample() throws IOException {
        List<String> example = between(Files.readAllLines(EXAMPLE), "// README begin", "// README end");
        String indent = example.getFirst().substring(0, example.getFirst().indexOf(example.getFirst().strip()));
        List<String> quoted = example.stream().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l).toList();

        List<String> readme = Files.readAllLines(README);
        int section = readme.indexOf("### Kernel metrics in an application: Micrometer");
        assertThat(section).as("the README's Micrometer section").isNotNegative();
        List<String> rest = readme.subList(section, readme.size());
        assertThat(between(rest, "```java", "```")).isEqualTo(quoted);
    }

    /** The lines after the first line equal to {@code begin} (stripped) up to the next equal to {@code end}. */
    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (from < 0 && lines.get(i).strip().equals(begin)) {
                from = i + 1;
            } else if (from >= 0 && lines.get(i).strip().equals(end)) {
                return lines.subList(from, i);
            }
        }
        throw new AssertionError("no lines between " + begin + " and " + end);
    }
}
