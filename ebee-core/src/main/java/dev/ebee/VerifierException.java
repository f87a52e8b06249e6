package dev.ebee;


/**
 * The verifier rejected a program. {@link #log()} is the kernel's whole log, with the C source lines
 * from BTF line info where the object carried them; the message ends with the log's last lines,
 * which say why.
 */
public class VerifierException extends SyscallException {
    private final String program;
    private final String log;

    private final String cause;

    public VerifierException(String program, int errno, String log) {
        this(program, errno, log, null);
    }

    private VerifierException(String program, int errno, String log, String cause) {
        super("BPF_PROG_LOAD " + program, errno, cause == null ? "the verifier rejected the program; its log says why"
                : "the kernel lacks what the program needs there; the verifier's log follows",
                (cause == null ? "" : cause + "; ") + "verifier log:\n" + tail(log, 20));
        this.program = program;
        this.log = log;
        this.cause = cause;
    }

    /**
     * The same rejection, explained by what the loader knows and the verifier does not (which
     * relocation or missing kfunc poisoned the instruction the verifier refused).
     */
    public VerifierException because(String cause) {
        VerifierException e = new VerifierException(program, errno(), log, cause);
        e.setStackTrace(getStackTrace());
        return e;
    }

    public String program() {
        return program;
    }

    /** The verifier's complete log. */
    public String log() {
        return log;
    }

    /** The last {@code n} non-empty lines of a log. */
    public static String tail(String log, int n) {
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    @Override
    public String oneLine() {
        String[] lines = log.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1];
        // the reason is usually on the line before "processed N insns"
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].startsWith("processed ") && !lines[i].isBlank() && !lines[i].startsWith("verification time")
                    && !lines[i].startsWith("stack depth")) {
                last = lines[i];
                break;
            }
        }
        return "program " + program + " rejected by the verifier: " + (cause == null ? last : cause + " (verifier: " + last + ")");
    }
}
