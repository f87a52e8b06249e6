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

    /** The message and the hint on one line, as the CLI prints it. */
    public String oneLine() {
        String m = getMessage();
        return hint == null ? m : m + " (" + hint + ")";
    }
}
