package dev.ebee;

/** The kernel has no tracepoint of that name. */
public class TracepointNotFoundException extends EbeeException {
    private final String category;
    private final String name;

    /** {@code tracefs}: where the kernel's tracepoints are listed, for the hint. */
    public TracepointNotFoundException(String category, String name, String why, java.nio.file.Path tracefs) {
        super("unknown tracepoint " + category + ":" + name + ": " + why,
                "list the kernel's tracepoints in " + tracefs.resolve("available_events"));
        this.category = category;
        this.name = name;
    }

    public String category() {
        return category;
    }

    public String name() {
        return name;
    }
}
