package dev.ebee;


/** BTF is malformed, inconsistent, or lacks what was asked of it. */
public class BtfException extends EbeeException {
    public BtfException(String message) {
        super(message);
    }

    public BtfException(String message, String hint) {
        super(message, hint);
    }

    public BtfException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
