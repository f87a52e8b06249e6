package dev.ebee.bpf2java;

import dev.ebee.EbeeException;

/** A failure of bpf2java: compiling BPF C, reading an object, or mapping a C type to Java. */
public class Bpf2JavaException extends EbeeException {
    public Bpf2JavaException(String message) {
        super(message);
    }

    public Bpf2JavaException(String message, String hint) {
        super(message, hint);
    }

    public Bpf2JavaException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
