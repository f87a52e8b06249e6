package dev.ebee;

/**
 * Root of every exception ebee throws on purpose. The message says what failed; {@link #hint()}
 * says what to do about it, when there is something to say.
 */
public class EbeeException extends RuntimeException {
    private final String hint;

    public EbeeException(String message) {
        this(message, null, null);
    }

    public EbeeException(String message, String hint) {
        this(message, hint, null);
    }

    public EbeeException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the user can do about it, or null. */
    public String hint() {
        return hint;
    }

    /**
     * The class and the message, then the hint, so that a stack trace (its first line and each
     * "Caused by:") names the fix. The hint stays out of {@link #getMessage()}: messages that embed
     * another exception's message would repeat it, and {@link #oneLine()} adds it once.
     */
    @Override
    public String toString() {
        return hint == null ? super.toString() : super.toString() + " (hint: " + hint + ")";
    }

    /** The message and the hint on one line, as the CLI prints it. */
    public String oneLine() {
        String m = getMessage();
        return hint == null ? m : m + " (" + hint + ")";
    }
}
