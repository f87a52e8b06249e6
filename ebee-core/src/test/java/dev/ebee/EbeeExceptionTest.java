package dev.ebee;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The hint shows where an uncaught exception is shown, once, and stays out of the message. */
class EbeeExceptionTest {
    private static String stackTrace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s)); // what the JVM prints for an uncaught exception
        return s.toString();
    }

    @Test
    void theStackTraceNamesTheFix() {
        EbeeException e = new EbeeException("cannot open the map", "run as root");
        assertThat(stackTrace(e)).startsWith("dev.ebee.EbeeException: cannot open the map (hint: run as root)"
                + System.lineSeparator());
    }

    @Test
    void theMessageAndTheCliLineAreUnchanged() {
        EbeeException e = new PermissionException("BPF_PROG_LOAD", Errno.EPERM, null);
        assertThat(e.getMessage()).doesNotContain(e.hint());
        assertThat(e.oneLine()).isEqualTo(e.getMessage() + " (" + e.hint() + ")");
        assertThat(e.toString()).isEqualTo(PermissionException.class.getName() + ": " + e.getMessage() + " (hint: " + e.hint() + ")");
    }

    @Test
    void noHintNoParentheses() {
        assertThat(new EbeeException("plain").toString()).isEqualTo("dev.ebee.EbeeException: plain");
    }

    @Test
    void aMessageEmbeddingAnotherOnesShowsEachHintOnce() {
        EbeeException inner = new EbeeException("ENOENT", "check the path");
        EbeeException outer = new EbeeException("cannot attach: " + inner.getMessage(), "is the program loaded?", inner);
        String trace = stackTrace(outer);
        assertThat(trace).startsWith("dev.ebee.EbeeException: cannot attach: ENOENT (hint: is the program loaded?)");
        assertThat(trace).contains("Caused by: dev.ebee.EbeeException: ENOENT (hint: check the path)");
        assertThat(trace.split("check the path", -1)).hasSize(2);
    }
}
