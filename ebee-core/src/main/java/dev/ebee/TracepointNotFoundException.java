package dev.ebee;

import dev.ebee.fs.TraceFs;


/** The kernel has no tracepoint of that name. */
public class TracepointNotFoundException extends EbeeException {
    private final String category;
    private final String name;

    public TracepointNotFoundException(String category, String name, String why) {
        super("unknown tracepoint " + category + ":" + name + ": " + why,
                "list the kernel's tracepoints in " + TraceFs.DEFAULT + "/available_events");
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
