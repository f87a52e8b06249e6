package dev.ebee;


/** An ELF file is malformed, truncated, of an unsupported kind, or lacks what was asked of it. */
public class ElfException extends EbeeException {
    public ElfException(String message) {
        super(message);
    }

    public ElfException(String message, String hint) {
        super(message, hint);
    }

    public ElfException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
