package dev.ebee;


/** The hook named for an attachment does not exist: interface, tracepoint, symbol, cgroup, binary. */
public class AttachTargetNotFoundException extends EbeeException {
    public AttachTargetNotFoundException(String message, String hint) {
        super(message, hint);
    }

    public AttachTargetNotFoundException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
